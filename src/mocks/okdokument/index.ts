/**
 * OKdokument: the standard vendor folder (constants, model, seed, schemas,
 * errors, wire, routes, service/, simulate, openapi). Named extras:
 * - time.ts: Bratislava local time, in which OKdokument writes dates and counts months.
 * - pages.ts: the signer page and the thank-you page a signer's browser opens.
 */

import { defineVendor } from '../../lib/vendor.js'
import { VendorError } from '../../lib/vendor-error.js'
import { readJson } from '../../lib/body.js'
import { ERR, entries, renderError } from './errors.js'
import { seedState } from './seed.js'
import { HOSTS, MAX_BODY_BYTES, PREFIX } from './constants.js'
import { okStateSchema, type OkState } from './model.js'
import { routes } from './routes.js'
import { simulate } from './simulate.js'
import { api } from './openapi.js'
import { records } from './pages.js'
import { storedSendInfoHooks } from './service/signature-requests.js'

/** OKdokument signature requests (specs/okdokument.md; seed 004). */
export const okdokument = defineVendor<OkState, typeof simulate>({
  id: 'okdokument',
  name: 'OKdokument',
  docs: 'docs/vendors/okdokument.md',
  vendorDocs: 'https://wiki.signatus.com/',
  api,
  secretFields: ['x-api-key'],
  errors: {
    entries,
    render: renderError,
    internal: ERR.internal,
    tooLarge: () => new VendorError(ERR.fileTooLarge, { value: 'body' }),
    // A forced error names what the request named: the path id, else the body's id.
    forcedDetails: async (c) => {
      const pathId = c.req.param('signatureRequestId') ?? c.req.param('documentId')
      let bodyId: unknown
      if (!pathId && c.req.method !== 'GET') {
        const body = await readJson(c).catch(() => ({ ok: false as const, empty: true }))
        if (body.ok && typeof body.value === 'object' && body.value !== null) {
          const v = body.value as Record<string, unknown>
          bodyId = v.signatureRequestId ?? v.id
        }
      }
      return { id: pathId ?? bodyId ?? null, value: null, path: c.get('sb').route ?? null, method: c.req.method }
    },
  },
  state: { seed: seedState, schema: okStateSchema },
  deliveryHooks: storedSendInfoHooks,
  simulate,
  records,
  mounts: [
    {
      prefix: PREFIX,
      hosts: HOSTS,
      bodyLimit: MAX_BODY_BYTES,
      routes,
      notFound: ERR.routeNotFound,
      methodNotAllowed: ERR.methodNotAllowed,
    },
  ],
})
