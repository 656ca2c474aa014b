/**
 * Zoho Sign: the standard vendor folder (constants, model, seed, schemas,
 * errors, wire, routes/, service/, simulate, openapi). Named extra:
 * - pages.ts: the signing pages behind the links Zoho hands out.
 */

import { defineVendor } from '../../lib/vendor.js'
import { sweep } from './service/lifecycle.js'
import { ACCOUNTS_PREFIX, DATA_CENTRES, MAX_BODY, SIGN_PREFIX, VENDOR_ID } from './constants.js'
import { errors } from './errors.js'
import { zohoStateSchema, type ZohoState } from './model.js'
import { accountRoutes } from './routes/account.js'
import { authHook } from './routes/common.js'
import { oauthRoutes } from './routes/oauth.js'
import { requestRoutes } from './routes/requests.js'
import { templateRoutes } from './routes/templates.js'
import { prepareSeed, seedState } from './seed.js'
import { simulate } from './simulate.js'
import { api } from './openapi.js'
import { pageRoutes, records } from './pages.js'
import { webhookHooks } from './service/notify.js'

/** Zoho Sign API v1 and Zoho Accounts OAuth: one vendor, two mounts (spec zoho-sign.md). Extras: pages.ts (the signer's page). */

export const zoho = defineVendor<ZohoState, typeof simulate>({
  id: VENDOR_ID,
  name: 'Zoho Sign',
  docs: 'docs/vendors/zoho-sign.md',
  vendorDocs: 'https://www.zoho.com/sign/api/',
  errors,
  api,
  secretFields: ['webhook_security_settings'],
  options: { tokenThrottle: 'refresh grants per refresh token per 10 minutes before 400 Access Denied (default 10; 0 = no throttle)' },
  state: {
    prepare: prepareSeed,
    seed: seedState,
    schema: zohoStateSchema,
    counters: ['meta.next_id', 'meta.next_webhook_id', 'meta.token_seq'],
  },
  deliveryHooks: (ws, entry) => (typeof entry.webhook_id === 'string' ? webhookHooks(ws, entry.webhook_id) : undefined),
  simulate,
  records,
  onClockChange: (ws, caller) => sweep({ ws, signBase: caller.base }),
  mounts: [
    {
      prefix: SIGN_PREFIX,
      hosts: DATA_CENTRES.map((d) => d.sign),
      bodyLimit: MAX_BODY,
      hooksFirst: true,
      before: authHook,
      routes(r) {
        requestRoutes(r)
        templateRoutes(r)
        accountRoutes(r)
        pageRoutes(r)
      },
      notFound: 'zoho.no_match_found',
      methodNotAllowed: 'zoho.method_not_allowed',
    },
    {
      prefix: ACCOUNTS_PREFIX,
      hosts: DATA_CENTRES.map((d) => d.accounts),
      routes: oauthRoutes,
      notFound: 'zoho.oauth_not_found',
      methodNotAllowed: 'zoho.oauth_method_not_allowed',
    },
  ],
})
