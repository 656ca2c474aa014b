import type { AnyVendor } from '../lib/vendor.js'
import type { SimulateSignatures } from '../lib/simulate.js'
import { ipro } from './ipro/index.js'
import { okdokument } from './okdokument/index.js'
import { signio } from './signio/index.js'
import { tranadmin } from './tranadmin/index.js'
import { zoho } from './zoho/index.js'

/** Every vendor the sandbox can mount, keyed by its id (the keys give the control client its simulate types). One entry per vendor. */
export const builtinVendors = { signio, zoho, tranadmin, ipro, okdokument }

export const allVendors: AnyVendor[] = Object.values(builtinVendors)

/** Body and result types of every built-in simulate action, by vendor id and action. */
export type BuiltinSimulate = {
  [V in keyof typeof builtinVendors]: SimulateSignatures<NonNullable<(typeof builtinVendors)[V]['simulate']>>
}
