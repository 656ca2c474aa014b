import { fail } from '../errors.js'
import { pageContextSchema, offendingKey } from '../schemas.js'
import { isObj } from './input.js'

/** `page_context` paging, sorting and search (spec §7.6); problems → 9015 naming the key. */

export interface PageQuery {
  row_count: number
  start_index: number
  sort_column: string
  sort_order: 'ASC' | 'DESC'
  search: [string, string][]
  rowCountSent: boolean
}

function bad(key: string): never {
  return fail('page_context_invalid', key)
}

export function pageQuery(
  data: string | undefined,
  columns: string[],
  defaults: { sort_column: string; sort_order: 'ASC' | 'DESC' },
): PageQuery {
  const q: PageQuery = { row_count: 100, start_index: 1, ...defaults, search: [], rowCountSent: false }
  if (data === undefined || data.trim() === '') return q
  let json: unknown
  try {
    json = JSON.parse(data)
  } catch {
    return fail('unable_to_process')
  }
  if (!isObj(json)) return fail('unable_to_process')
  if (json.page_context === undefined || json.page_context === null) return q
  const parsed = pageContextSchema.safeParse(json.page_context)
  if (!parsed.success) return bad(offendingKey(parsed.error) || 'page_context')
  const pc = parsed.data
  if (pc.row_count !== undefined) {
    q.row_count = Math.min(pc.row_count, 100)
    q.rowCountSent = true
  }
  if (pc.start_index !== undefined) q.start_index = Math.max(pc.start_index, 1)
  if (pc.sort_column !== undefined) {
    if (!columns.includes(pc.sort_column.toLowerCase())) bad('sort_column')
    q.sort_column = pc.sort_column.toLowerCase()
  }
  if (pc.sort_order !== undefined) q.sort_order = pc.sort_order.toUpperCase() as 'ASC' | 'DESC'
  for (const [col, v] of Object.entries(pc.search_columns ?? {})) {
    if (!columns.includes(col.toLowerCase())) bad(`search_columns][${col}`)
    q.search.push([col.toLowerCase(), String(v).toLowerCase()])
  }
  return q
}

/** Sorts, searches and pages; `value(item, column)` gives the sort/search value, `id` breaks ties (descending unless `tiesAscending`). */
export function page<T>(
  items: T[],
  q: PageQuery,
  value: (item: T, column: string) => string | number,
  id: (item: T) => string,
  searchValues: (item: T, column: string) => string[] = (i, c) => [String(value(i, c))],
  tiesAscending = false,
) {
  const matched = items.filter((item) =>
    q.search.every(([col, needle]) => searchValues(item, col).some((v) => v.toLowerCase().includes(needle))),
  )
  const dir = q.sort_order === 'ASC' ? 1 : -1
  matched.sort((a, b) => {
    const va = value(a, q.sort_column)
    const vb = value(b, q.sort_column)
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb))
    if (c !== 0) return c * dir
    const ia = id(a)
    const ib = id(b)
    // Ids are digit strings: shorter is smaller.
    const tie = ia.length - ib.length || (ia < ib ? -1 : ia > ib ? 1 : 0)
    return tiesAscending ? tie : -tie
  })
  const start = q.start_index - 1
  const rows = matched.slice(start, start + q.row_count)
  return {
    rows,
    page_context: {
      sort_column: q.sort_column,
      has_more_rows: start + rows.length < matched.length,
      start_index: q.start_index,
      total_count: matched.length,
      sort_order: q.sort_order,
      row_count: q.row_count,
    },
  }
}
