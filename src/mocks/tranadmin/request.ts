import type { SandboxContext } from '../../lib/context.js'
import { mediaType, readText } from '../../lib/body.js'
import { LIMITS } from './constants.js'
import { collectParams, type Params } from './params.js'

/**
 * The request's parameters, read once per request: the query string, then a
 * form body. Any other body still counts against the size limit but is not
 * parsed (Java-servlet behaviour, spec §2).
 */
const cache = new WeakMap<Request, Params>()

export async function requestParams(c: SandboxContext): Promise<Params> {
  const raw = c.req.raw
  const cached = cache.get(raw)
  if (cached) return cached
  const url = raw.url
  const q = url.indexOf('?')
  const query = q < 0 ? '' : url.slice(q + 1)
  let body = ''
  if (raw.method !== 'GET' && raw.method !== 'HEAD') {
    const text = await readText(c, LIMITS.bodyBytes)
    if (mediaType(c) === 'application/x-www-form-urlencoded') body = text
  }
  const params = collectParams(query, body)
  cache.set(raw, params)
  return params
}
