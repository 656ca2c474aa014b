import type { VendorContext, VendorRouter } from '../../lib/vendor.js'
import { VendorError } from '../../lib/vendor-error.js'
import { authorize } from './service/access.js'
import { ALLOWED_METHODS, API_SEGMENT, CALLS, PARAM, WEBAPP_SEGMENT, type CallName } from './constants.js'
import { isoSeconds } from '../../lib/time.js'
import { ERR } from './errors.js'
import { envelope, sendXml, serialize, type XmlNode } from './xml.js'
import type { TranadminWs, TranadminState } from './model.js'
import type { LinkBase } from './service/notify.js'
import { renotifyParty, writeRenotify } from './service/renotify.js'
import { requestParams } from './wire.js'
import { getDocumentSnapshot, writeSnapshot } from './service/snapshot.js'
import { getStatus, writeStatus } from './service/status.js'
import { pageRoutes } from './pages.js'

/**
 * The HTTP surface (spec §1–§2): `/<webapp>/tranadmin/<Call>` and the ROOT
 * form `/tranadmin/<Call>`, GET or POST. Each call is its own route, so an
 * unknown or differently cased call name is a plain 404 before anything else.
 */
const WEBAPP_PARAM = `:webapp{${WEBAPP_SEGMENT.source.replace(/^\^|\$$/g, '')}}`

/** Pickup links name the configured real host (spec §7.4; the mount's link policy) and the request's webapp. */
function linkBase(c: VendorContext, webapp: string | null): LinkBase {
  return { esfBase: c.get('sb').base, webapp }
}

/** The transaction answered and the writer of the call's payload. */
interface Answer {
  tid: string
  write(root: XmlNode): void
  /** For a call that only reads: what its document depends on besides the stored data and the clock's second. */
  key?: string
}

async function run(ws: TranadminWs, call: CallName, c: VendorContext, links: LinkBase): Promise<Answer> {
  const params = await requestParams(c)
  const access = authorize(ws, call, params)
  const tid = access.tx.tid
  if (call === 'GetStatus') {
    const view = getStatus(access, params, links)
    const filters = [params.get(PARAM.party), params.get(PARAM.document), links.esfBase, links.webapp]
    return { tid, write: (root) => writeStatus(root, view), key: [call, tid, ...filters.map((f) => f ?? '')].join('\n') }
  }
  if (call === 'GetDocumentSnapshot') {
    const view = await getDocumentSnapshot(access, params)
    return { tid, write: (root) => writeSnapshot(root, view) }
  }
  const view = renotifyParty(ws, access, params, links)
  return { tid, write: (root) => writeRenotify(root, view) }
}

function handler(call: CallName, rooted: boolean) {
  return async (c: VendorContext, ws: TranadminWs): Promise<Response> => {
    // Hono answers HEAD with the GET route; the API only knows GET and POST.
    if (c.req.method === 'HEAD') throw new VendorError(ERR.methodNotAllowed)
    const links = linkBase(c, rooted ? null : (c.req.param('webapp') ?? null))
    const answer = await run(ws, call, c, links)
    // The envelope shows the time to the second, no finer.
    const at = ws.nowTo(1000)
    const build = () => {
      const root = envelope({ call, tid: answer.tid, at }, 'success')
      answer.write(root)
      return serialize(root)
    }
    // The envelope shows the time to the second: a status read again within it is the same document.
    return sendXml(c, answer.key === undefined ? build() : ws.derived(`${answer.key}\n${isoSeconds(at)}`, build))
  }
}

export function routes(r: VendorRouter<TranadminState>): void {
  for (const call of CALLS) {
    r.on([...ALLOWED_METHODS], `/${WEBAPP_PARAM}/${API_SEGMENT}/${call}`, handler(call, false))
    r.on([...ALLOWED_METHODS], `/${API_SEGMENT}/${call}`, handler(call, true))
  }
  pageRoutes(r, WEBAPP_PARAM)
}
