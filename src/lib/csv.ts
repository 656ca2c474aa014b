import { createRequire } from 'node:module'

type CsvSync = typeof import('csv-stringify/sync')
// csv-stringify is required on the first CSV, not at startup.
let csv: CsvSync | undefined
const stringify: CsvSync['stringify'] = (records, options) =>
  (csv ??= createRequire(import.meta.url)('csv-stringify/sync') as CsvSync).stringify(records, options)

/**
 * CSV the way Python's `csv` module writes it by default (what most vendor
 * back ends emit): comma, `QUOTE_MINIMAL` (a field is quoted iff it holds the
 * delimiter, a quote, CR or LF; inner quotes doubled), CRLF after every record
 * including the last, empty values written as nothing.
 *
 * Data cells get a formula-injection guard (OWASP "CSV injection"): a value
 * starting with `=`, `+`, `-`, `@`, TAB or CR is prefixed with `'` so that
 * spreadsheets show it as text. csv-stringify's own `escape_formulas` also
 * rewrites full-width look-alikes, which would change values vendors send
 * unchanged, hence the guard here.
 */
export type CsvCell = string | number | null | undefined

const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r'])

export function guardFormula(value: string): string {
  return value !== '' && FORMULA_START.has(value[0]) ? `'${value}` : value
}

const cellText = (cell: CsvCell): string => (cell === null || cell === undefined ? '' : String(cell))

export interface CsvOptions {
  /** Apply the formula-injection guard to data rows (default true); the header is never touched. */
  guard?: boolean
  /** Record terminator (default CRLF, as Python's `csv` writes). */
  recordDelimiter?: '\r\n' | '\n'
}

/** The header line and the rows, each record terminated; a header alone when there are no rows. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>, options: CsvOptions = {}): string {
  const guard = options.guard ?? true
  const records: string[][] = [[...header]]
  for (const row of rows) records.push(row.map((cell) => (guard ? guardFormula(cellText(cell)) : cellText(cell))))
  // A lone CR or LF must be quoted too, which csv-stringify does not do for a CRLF terminator by itself.
  return stringify(records, { record_delimiter: options.recordDelimiter ?? '\r\n', eof: true, quoted_empty: false, quoted_match: /[\r\n]/ })
}
