import { describe, expect, it } from 'vitest'
import { parse } from 'csv-parse/sync'
import { guardFormula, toCsv } from './csv.js'

describe('toCsv', () => {
  it('quotes minimally, doubles quotes, ends every record with CRLF', () => {
    const out = toCsv(
      ['a', 'b', 'c'],
      [
        ['x,y', 'say "hi"', ''],
        ['line\nbreak', 'cr\rhere', 7],
      ],
    )
    expect(out).toBe('a,b,c\r\n"x,y","say ""hi""",\r\n"line\nbreak","cr\rhere",7\r\n')
  })

  it('writes the header alone when there are no rows', () => {
    expect(toCsv(['a', 'b'], [])).toBe('a,b\r\n')
  })

  it('guards formula starters in data cells only, and round-trips through csv-parse', () => {
    const out = toCsv(['=h'], [['=HYPERLINK("http://x","y")'], ['+1'], ['-2'], ['@a'], ['\tt'], ['\rr'], ['ok'], [null]])
    const lines = parse(out, { relax_column_count: true }) as string[][]
    expect(lines.map((l) => l[0])).toEqual(['=h', `'=HYPERLINK("http://x","y")`, "'+1", "'-2", "'@a", "'\tt", "'\rr", 'ok', ''])
  })

  it('leaves full-width look-alikes and inner formula characters alone', () => {
    expect(guardFormula('\uFF1Dx')).toBe('\uFF1Dx')
    expect(guardFormula('a=b')).toBe('a=b')
    expect(guardFormula('')).toBe('')
  })

  it('can skip the guard and use LF', () => {
    expect(toCsv(['a'], [['=x']], { guard: false, recordDelimiter: '\n' })).toBe('a\n=x\n')
  })
})
