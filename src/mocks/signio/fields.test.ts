import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { checkFlag, checkInt, checkStr, checkStringMap, collect, F, nested } from './fields.js'

describe('signio field coercion (§2.6)', () => {
  it('String accepts strings and finite numbers, with max and enums', () => {
    expect(checkStr()(12)).toEqual({ ok: true, value: '12' })
    expect(checkStr()(true).ok).toBe(false)
    expect(checkStr({ max: 3 })('ñandú')).toEqual({ ok: false, message: 'El campo {campo} no debe ser mayor que 3 caracteres.' })
    expect(checkStr({ oneOf: ['CC'] })('cc').ok).toBe(false)
    expect(checkStr({ email: true })('a@b.co').ok).toBe(true)
  })

  it('Integer accepts integers and digit strings only', () => {
    expect(checkInt()('-7')).toEqual({ ok: true, value: -7 })
    expect(checkInt()(1.5).ok).toBe(false)
    expect(checkInt()('dos').ok).toBe(false)
    expect(checkInt(1)(0).ok).toBe(false)
  })

  it('Flag accepts 0/1/true/false as numbers, booleans or strings', () => {
    for (const v of [1, true, '1', 'true']) expect(checkFlag(v)).toEqual({ ok: true, value: 1 })
    for (const v of [0, false, '0', 'false']) expect(checkFlag(v)).toEqual({ ok: true, value: 0 })
    for (const v of [2, 'si', 'TRUE']) expect(checkFlag(v).ok).toBe(false)
  })

  it('Json maps accept an object or its JSON text; numbers become strings', () => {
    expect(checkStringMap('{"a":1,"b":"x"}')).toEqual({ ok: true, value: { a: '1', b: 'x' } })
    expect(checkStringMap('[1]').ok).toBe(false)
    expect(checkStringMap({ a: { b: 1 } }).ok).toBe(false)
  })

  it('collect: blank required values, one message per field in shape order, nested names', () => {
    const schema = z.object({ a: F.str(), b: F.intOpt(), c: F.custom(nested(z.object({ pagina: F.int(1) }))) })
    expect(collect(schema, { a: '  ', b: 'x', c: { pagina: 0 } }).errores).toEqual([
      'El campo a es obligatorio.',
      'El campo b no es válido.',
      'El campo c.pagina no es válido.',
    ])
    expect(collect(schema, { a: 'ok', b: null }).data).toEqual({ a: 'ok', b: undefined })
  })
})
