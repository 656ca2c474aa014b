import { defineVendor } from '../../lib/vendor.js'
import { errors } from './errors.js'
import type { SignioState } from './model.js'
import { signioMount } from './routes/index.js'
import { simulate } from './simulate.js'
import { seedState } from './state.js'

/** Signio (Legops) e-signature API v2 — signio.md. */
export const signio = defineVendor<SignioState, typeof simulate>({
  id: 'signio',
  name: 'Signio (Legops)',
  docs: 'https://signio.stage.legops.com/api/v2',
  mounts: [signioMount],
  errors,
  state: { seed: () => seedState() },
  simulate,
})
