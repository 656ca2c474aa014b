/**
 * Slicing request URLs without `new URL()` (a measurable cost per request) and
 * reading the `/ws/<id>` workspace segment: the one place the front doors, the
 * app and the journal take a URL apart.
 */

/** Workspace ids: 1–64 of `[A-Za-z0-9_-]` (sandbox.md §3). */
export const WORKSPACE_ID = /^[A-Za-z0-9_-]{1,64}$/

/** Index of the path's leading `/` in an absolute URL (`url.length` when there is none). */
export function pathStart(url: string): number {
  const at = url.indexOf('/', url.indexOf('://') + 3)
  return at < 0 ? url.length : at
}

/** `<scheme>://<host>` of an absolute URL. */
export function originOf(url: string): string {
  return url.slice(0, pathStart(url))
}

/**
 * `<scheme>://<host>` as the client saw it: `X-Forwarded-Proto` / `X-Forwarded-Host` (first value)
 * over the request URL's own.
 */
export function clientOrigin(url: string, forwardedProto?: string, forwardedHost?: string): string {
  const proto = forwardedProto?.split(',')[0].trim()
  const host = forwardedHost?.split(',')[0].trim()
  if (!proto && !host) return originOf(url)
  return `${proto || url.slice(0, url.indexOf(':'))}://${host || url.slice(url.indexOf('://') + 3, pathStart(url))}`
}

/** Path and query of an absolute URL (`/` when it has no path). */
export function targetOf(url: string): string {
  const start = pathStart(url)
  return start === url.length ? '/' : url.slice(start)
}

/** The path of an absolute URL, without query or fragment. */
export function pathOf(url: string): string {
  const start = pathStart(url)
  let end = url.length
  for (let i = start; i < url.length; i++) {
    const ch = url.charCodeAt(i)
    if (ch === 63 /* ? */ || ch === 35 /* # */) {
      end = i
      break
    }
  }
  return start === end ? '/' : url.slice(start, end)
}

/** The query string of an absolute URL without its `?` (empty when there is none). */
export function queryOf(url: string): string {
  const q = url.indexOf('?', pathStart(url))
  return q < 0 ? '' : url.slice(q + 1)
}

export interface WorkspaceSegment {
  /** The id named by a leading `/ws/<id>`; undefined when the path has no such segment. */
  id?: string
  /** The id is not 1–64 of `[A-Za-z0-9_-]` (the request is refused). */
  invalid: boolean
  /** The path (or path + query) after the segment; the input itself when there is none. */
  rest: string
}

/** Splits a leading `/ws/<id>` off a path (or path + query). */
export function splitWorkspace(target: string): WorkspaceSegment {
  if (!target.startsWith('/ws/')) return { invalid: false, rest: target }
  let end = 4
  while (end < target.length) {
    const ch = target.charCodeAt(end)
    if (ch === 47 /* / */ || ch === 63 /* ? */ || ch === 35 /* # */) break
    end++
  }
  const id = target.slice(4, end)
  const rest = target.slice(end)
  return { id, invalid: !WORKSPACE_ID.test(id), rest: rest === '' || rest.startsWith('?') ? `/${rest}` : rest }
}

/** `/ws/<id>`, the segment links carry to lead back to a workspace. */
export const workspaceSegment = (id: string): string => `/ws/${encodeURIComponent(id)}`
