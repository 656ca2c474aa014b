/**
 * Signio: the standard vendor folder (constants, model, seed, schemas, errors,
 * wire, routes/, service/, simulate, openapi). Named extras:
 * - fields.ts: the field checks behind schemas.ts, which collect Signio's
 *   Spanish `errores` list instead of failing on the first bad field.
 * - pages.ts: the pages behind the signing, on-premise and magic links.
 */

import { defineVendor } from '../../lib/vendor.js'
import { errors } from './errors.js'
import { signioStateSchema, type SignioState } from './model.js'
import { signioMount } from './routes/index.js'
import { simulate } from './simulate.js'
import { api } from './openapi.js'
import { seedState } from './seed.js'
import { records } from './pages.js'

/** Signio (Legops) e-signature API v2 — signio.md. */
export const signio = defineVendor<SignioState, typeof simulate>({
  id: 'signio',
  name: 'Signio (Legops)',
  docs: 'docs/vendors/signio.md',
  mounts: [signioMount],
  errors,
  api,
  state: { seed: () => seedState(), schema: signioStateSchema },
  simulate,
  records,
})
