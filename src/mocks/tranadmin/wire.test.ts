import { describe, expect, it } from 'vitest'
import { collectParams, decodeComponent, parsePairs } from './wire.js'

describe('servlet-style parameter decoding (spec §2)', () => {
  it('decodes + and %XX as UTF-8, invalid UTF-8 becomes U+FFFD', () => {
    expect(decodeComponent('a+b%20c')).toBe('a b c')
    expect(decodeComponent('%C3%A9')).toBe('é')
    expect(decodeComponent('%C3%28')).toBe('\uFFFD(')
    expect(decodeComponent('é€😀')).toBe('é€😀')
  })

  it('drops a pair with a broken escape', () => {
    expect(parsePairs('A=1&B=%zz&C=%4&D=4')).toEqual([
      ['A', '1'],
      ['D', '4'],
    ])
    expect(parsePairs('A&=x&&B=')).toEqual([
      ['A', ''],
      ['', 'x'],
      ['B', ''],
    ])
  })

  it('first value wins, query before body; trimmed; blank counts as missing; names are case-sensitive', () => {
    const p = collectParams('X=q&E=+', 'X=b&E=later&Y=%20y%09&esftid=1&ESFTID=2')
    expect(p.get('X')).toBe('q')
    expect(p.has('E')).toBe(false)
    expect(p.get('Y')).toBe('y')
    expect(p.get('ESFTID')).toBe('2')
  })

  it('over 1,000 pairs drops every parameter', () => {
    expect(collectParams(Array.from({ length: 1001 }, (_, i) => `p${i}=1`).join('&'), '').size).toBe(0)
    expect(collectParams(Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join('&'), '').size).toBe(1000)
  })
})
