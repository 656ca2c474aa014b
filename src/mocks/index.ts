import type { AnyVendor, VendorDefinition } from '../lib/vendor.js'
import { zoho } from './zoho/index.js'

/** Vendor definitions are typed by their state; the engine only needs the common shape. */
export const register = <S>(def: VendorDefinition<S>): AnyVendor => def as unknown as AnyVendor

/** Every vendor the sandbox can mount, by id. One line per vendor. */
export const allVendors: AnyVendor[] = [register(zoho)]
