/**
 * tranadmin: the standard vendor folder (constants, model, seed, schemas,
 * errors, wire, routes, service/, simulate, openapi). Named extras:
 * - xml.ts: XML output through xmlbuilder2 and the response envelope of every call.
 * - render.ts: snapshot renderings (HTML, PDF, data XML and their XMLDSIG signatures).
 * - pages.ts: the party's pickup page at `/<webapp>/P/<code>`.
 */

import { defineVendor } from '../../lib/vendor.js'
import { DEFAULT_HOST, LIMITS, PARAM, PREFIX, REDACTED, VENDOR_ID } from './constants.js'
import { ERR, errors } from './errors.js'
import { routes } from './routes.js'
import { tranadminStateSchema, type TranadminState } from './model.js'
import { seedState } from './seed.js'
import { simulate } from './simulate.js'
import { api } from './openapi.js'
import { records } from './pages.js'

export const tranadmin = defineVendor<TranadminState, typeof simulate>({
  id: VENDOR_ID,
  name: 'OpenESignForms Transaction admin API (tranadmin)',
  docs: 'docs/vendors/tranadmin.md',
  vendorDocs: 'https://github.com/OpenESignForms/openesignforms/issues/156',
  // §5: a forced error (1a) comes before the method check (2).
  mounts: [
    {
      prefix: PREFIX,
      hosts: [DEFAULT_HOST],
      // §7.4: pickup links name the configured ESF host, whichever door was used.
      links: { host: 'configured' },
      bodyLimit: LIMITS.bodyBytes,
      forcingBeforeMethodCheck: true,
      routes,
      notFound: ERR.notFound,
      methodNotAllowed: ERR.methodNotAllowed,
    },
  ],
  errors,
  state: { seed: seedState, schema: tranadminStateSchema },
  simulate,
  api,
  records,
  secretFields: [PARAM.password],
  redactedText: REDACTED,
})
