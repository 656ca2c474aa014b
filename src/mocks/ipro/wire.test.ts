import { describe, expect, it } from 'vitest'
import { compactDate, lookBackDays, parseGoLiveDate, pathId, pyJson, rfc1123 } from './wire.js'

describe('pyJson (Python json.dumps(sort_keys=True))', () => {
  it('sorts keys at every depth and uses ", " / ": " separators', () => {
    expect(pyJson({ b: 1, a: [{ z: null, y: true }, 'x'], c: {} })).toBe('{"a": [{"y": true, "z": null}, "x"], "b": 1, "c": {}}')
    expect(pyJson([])).toBe('[]')
  })

  it('escapes everything outside printable ASCII as lower-case \\uXXXX, surrogate pairs included', () => {
    expect(pyJson('é✓\u007f😀')).toBe('"\\u00e9\\u2713\\u007f\\ud83d\\ude00"')
    expect(pyJson('a"b\\c\n\t\u0001/')).toBe('"a\\"b\\\\c\\n\\t\\u0001/"')
  })

  it('sorts keys by code point, not by UTF-16 unit', () => {
    expect(pyJson({ '\uffff': 1, '😀': 2, a: 3 })).toBe('{"a": 3, "\\uffff": 1, "\\ud83d\\ude00": 2}')
  })
})

describe('pathId (spec §2.2)', () => {
  it('accepts 1–10 digits from 1 to 2^31-1, leading zeros included', () => {
    expect(pathId('5')).toBe(5)
    expect(pathId('007')).toBe(7)
    expect(pathId('2147483647')).toBe(2147483647)
  })

  it('treats everything else as not provided', () => {
    for (const raw of [
      undefined,
      '',
      'null',
      'undefined',
      'None',
      'abc',
      '-1',
      '0',
      '000',
      '2147483648',
      '12345678901',
      '1e3',
      ' 5',
      '5.0',
    ])
      expect(pathId(raw)).toBeNull()
  })
})

describe('lookBackDays (spec §5.4)', () => {
  it('accepts 1–3650 only', () => {
    expect(lookBackDays('1')).toBe(1)
    expect(lookBackDays('3650')).toBe(3650)
    for (const raw of [undefined, '', '0', '3651', '-3', 'abc', '1.5', '99999']) expect(lookBackDays(raw)).toBeNull()
  })
})

describe('go_live_date (spec §5.5)', () => {
  const out = (s: string) => {
    const ms = parseGoLiveDate(s)
    return ms === null ? null : rfc1123(ms)
  }

  it('reads ISO dates and date-times with optional zone, and RFC 1123', () => {
    expect(out('2021-06-09T01:59:42Z')).toBe('Wed, 09 Jun 2021 01:59:42 GMT')
    expect(out('2021-06-09')).toBe('Wed, 09 Jun 2021 00:00:00 GMT')
    expect(out('2021-06-09 01:59')).toBe('Wed, 09 Jun 2021 01:59:00 GMT')
    expect(out('2021-06-09T01:59:42.123456')).toBe('Wed, 09 Jun 2021 01:59:42 GMT')
    expect(out('2021-06-09T01:59:42+05:30')).toBe('Tue, 08 Jun 2021 20:29:42 GMT')
    expect(out('Mon, 21 Jun 2021 00:00:00 GMT')).toBe('Mon, 21 Jun 2021 00:00:00 GMT')
    expect(out('1000-01-01')).toBe('Wed, 01 Jan 1000 00:00:00 GMT')
    expect(out('2024-02-29')).toBe('Thu, 29 Feb 2024 00:00:00 GMT')
  })

  it('rejects impossible or unsupported values', () => {
    for (const s of [
      '',
      'yesterday',
      '2021-02-29',
      '2021-13-01',
      '2021-06-31',
      '2021-06-09T24:00',
      '2021-06-09T01:60',
      '2021-06-09T01:59:60',
      '0999-12-31',
      '9999-12-31T23:00:00-05:00',
      '2021-06-09Z',
      '2021-06-09T01:59:42+24:00',
      'Mon, 21 Jun 2021 00:00:00 UTC',
      '2021/06/09',
      '21-06-09',
    ]) {
      expect(parseGoLiveDate(s), s).toBeNull()
    }
  })
})

describe('date formats', () => {
  it('file names use YYYYMMDD in UTC', () => {
    expect(compactDate(Date.parse('2021-06-21T23:59:59Z'))).toBe('20210621')
  })
})
