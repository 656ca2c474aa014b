/**
 * IPRO: the standard vendor folder (constants, model, seed, schemas, errors,
 * wire, routes, service/, simulate, openapi); no named extras (Python-style JSON is
 * its wire format, in wire.ts).
 */

import { defineVendor } from '../../lib/vendor.js'
import { HOSTS, PREFIX, VENDOR_ID } from './constants.js'
import { errors } from './errors.js'
import { routes } from './routes.js'
import { simulate } from './simulate.js'
import { api } from './openapi.js'
import { iproStateSchema, type IproState } from './model.js'
import { seedState } from './seed.js'

/** IPRO DocuSign connector (spec `ipro.md`): OAuth code exchange, source settings, look-back CSV. */
export const ipro = defineVendor<IproState, typeof simulate>({
  id: VENDOR_ID,
  name: 'IPRO DocuSign connector',
  docs: 'docs/vendors/ipro.md',
  errors,
  api,
  state: { seed: seedState, schema: iproStateSchema, counters: ['counters.next_source_setting_id'] },
  simulate,
  secretFields: ['authorization_code'],
  mounts: [
    {
      prefix: PREFIX,
      hosts: HOSTS,
      routes,
      notFound: 'ipro.not_found',
      methodNotAllowed: 'ipro.method_not_allowed',
    },
  ],
})
