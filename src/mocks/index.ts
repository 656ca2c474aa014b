import type { AnyVendor, VendorDefinition } from '../lib/vendor.js'
import { ipro } from './ipro/index.js'
import { okdokument } from './okdokument/index.js'
import { signio } from './signio/index.js'
import { tranadmin } from './tranadmin/index.js'
import { zoho } from './zoho/index.js'

/** Vendor definitions are typed by their state; the engine only needs the common shape. */
export const register = <S>(def: VendorDefinition<S>): AnyVendor => def as unknown as AnyVendor

/** Every vendor the sandbox can mount, by id. One line per vendor. */
export const allVendors: AnyVendor[] = [register(signio), register(zoho), register(tranadmin), register(ipro), register(okdokument)]
