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
