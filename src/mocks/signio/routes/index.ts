import { HOSTS, PREFIX } from '../constants.js'
import { sendBytes } from '../../../lib/reply.js'
import type { MountDefinition } from '../../../lib/vendor.js'
import { ERROR_ID } from '../errors.js'
import type { SignioState } from '../model.js'
import { archivo } from '../service/documents.js'
import { envelopeRoutes } from './envelopes.js'
import { transactionRoutes } from './transactions.js'
import { pageRoutes } from '../pages.js'

export const signioMount: MountDefinition<SignioState> = {
  prefix: PREFIX,
  hosts: HOSTS,
  // §2.8: `/ws/<id>` always shows in the URLs it returns over HTTP, `default` included.
  links: { workspace: 'always' },
  routes(r) {
    transactionRoutes(r)
    envelopeRoutes(r)
    pageRoutes(r)
    // File URLs of §2.8: no auth, the stored bytes unchanged.
    r.get('/storage/documentos/:id_documento/:nombre', (c, ws) => {
      const file = archivo(ws, c.req.param('id_documento') ?? '')
      return sendBytes(c, 200, file.bytes, file.type)
    })
  },
  // No route matched (unknown path or verb): ES 06 even on EN paths (signio.md §1), see renderError.
  notFound: ERROR_ID.notFound,
  methodNotAllowed: ERROR_ID.notFound,
}
