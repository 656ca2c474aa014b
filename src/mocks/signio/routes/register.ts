import { API } from '../constants.js'
import type { Method, VendorHandler, VendorRouter } from '../../../lib/vendor.js'
import type { SignioState } from '../model.js'

/** Every path also answers with one trailing slash (the Rails client calls `/documentos/proteger/`). */
export function on(r: VendorRouter<SignioState>, methods: Method[], path: string, handler: VendorHandler<SignioState>): void {
  r.on(methods, `${API}${path}`, handler)
  r.on(methods, `${API}${path}/`, handler)
}
