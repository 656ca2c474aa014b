/**
 * Route patterns in the vendors' own notation (`/JSON/document/:documentId`),
 * compiled once for fault rules, which may name either the pattern or a
 * concrete path.
 */
export interface CompiledPattern {
  source: string
  test(path: string): boolean
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const isParam = (seg: string) => seg.startsWith(':')

/** Path segments; a slash inside a parameter's `{regex}` does not split. */
function segments(path: string): string[] {
  const out: string[] = []
  let depth = 0
  let current = ''
  for (const ch of path) {
    if (ch === '{') depth++
    else if (ch === '}') depth--
    if (ch === '/' && depth === 0) {
      out.push(current)
      current = ''
    } else current += ch
  }
  out.push(current)
  return out
}

/**
 * Whether a fault rule's path (a route pattern or a concrete path) can ever match a
 * request to `route` (a registered pattern): segment by segment, a parameter or `*`
 * on either side matches anything (a parameter with its own `{regex}` only what it
 * accepts); a trailing slash makes no difference.
 */
export function overlaps(rule: string, route: string): boolean {
  const a = segments(rule.replace(/(.)\/$/, '$1'))
  const b = segments(route.replace(/(.)\/$/, '$1'))
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === '*' || b[i] === '*') return true
    if (a[i] === undefined || b[i] === undefined) return false
    if (isParam(a[i])) continue
    if (isParam(b[i])) {
      const re = /^:[A-Za-z0-9_]+\{(.*)\}$/.exec(b[i])?.[1]
      if (re && !new RegExp(`^(?:${re})$`).test(a[i])) return false
      continue
    }
    if (a[i] !== b[i]) return false
  }
  return true
}

export function compilePattern(source: string): CompiledPattern {
  const parts = source.split('/').map((seg) => {
    if (seg === '*') return '.*'
    if (seg.startsWith(':')) {
      const m = /^:[A-Za-z0-9_]+(\{(.*)\})?$/.exec(seg)
      return m?.[2] ? `(?:${m[2]})` : '[^/]*'
    }
    return escape(seg)
  })
  const re = new RegExp(`^${parts.join('/')}/?$`)
  return { source, test: (path) => path === source || re.test(path) }
}
