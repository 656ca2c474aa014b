import { describe, expect, it } from 'vitest'
import { contentDisposition } from '../wire.js'
import { formatDate, parseLongDate } from './fields.js'
import { expireBy } from './lifecycle.js'
import { pageQuery, page } from './listing.js'
import { signature, subscribed } from './notify.js'
import { signPercentage } from './render.js'
import { toBool, toInt, toNum } from './input.js'
import type { ZAction, ZRequest } from '../model.js'
import { VendorError } from '../../../lib/vendor-error.js'

describe('zoho pure logic', () => {
  it('HMAC check vector of the research notes', () => {
    const body = '{{"requests":{"request_name":"Test Name"},"notifications":{"operation_type":"RequestSigningSuccess"}}'
    expect(signature('thisisthesamplekeyfortestingpurposes', body)).toBe('drbSrM4H816RYKpZiRBLddUa0yHaTrwjtY04sIZFZus=')
  })

  it('sign_percentage rounds up to 2 decimals and ignores VIEW actions', () => {
    const act = (status: ZAction['action_status'], type: ZAction['action_type'] = 'SIGN') =>
      ({ action_status: status, action_type: type }) as ZAction
    const req = (actions: ZAction[]) => ({ actions }) as ZRequest
    expect(signPercentage(req([act('SIGNED'), act('UNOPENED'), act('NOACTION')]))).toBe(33.34)
    expect(signPercentage(req([act('SIGNED'), act('UNOPENED', 'VIEW')]))).toBe(100)
    expect(signPercentage(req([]))).toBe(0)
  })

  it('dates: Java-style patterns, long dates, expire_by at 23:59 UTC', () => {
    const t = Date.UTC(2019, 4, 21, 14, 1)
    expect(formatDate(t, 'MMM dd yyyy HH:mm')).toBe('May 21 2019 14:01')
    expect(formatDate(t, 'dd MMMM yyyy')).toBe('21 May 2019')
    expect(parseLongDate('31 December 2099')).toBe(Date.UTC(2099, 11, 31))
    expect(parseLongDate('1 january 2019')).toBe(Date.UTC(2019, 0, 1))
    expect(parseLongDate('31 February 2020')).toBeUndefined()
    expect(parseLongDate('2099-12-31')).toBeUndefined()
    expect(expireBy(Date.UTC(2026, 0, 5, 9), 15)).toBe(Date.UTC(2026, 0, 20, 23, 59))
  })

  it('lenient coercion', () => {
    expect([toBool('TRUE'), toBool(false), toBool(null), toBool('yes')]).toEqual([true, false, undefined, null])
    expect([toInt('0'), toInt('-3'), toInt(1.5), toInt('zero')]).toEqual([0, -3, null, null])
    expect([toNum('68.499843'), toNum(2), toNum('x')]).toEqual([68.499843, 2, null])
  })

  it('Content-Disposition puts a safe ASCII filename first', () => {
    expect(contentDisposition('Q1 = déjà vu.zip')).toBe(
      `attachment; filename="Q1 _ d_j_ vu.zip"; filename*=UTF-8''Q1%20%3D%20d%C3%A9j%C3%A0%20vu.zip`,
    )
  })

  it('webhook action names map to operation types, case-insensitively', () => {
    expect([...subscribed(' sign ,Recalled,Recalled,declined')]).toEqual(['RequestSigningSuccess', 'RequestRecalled', 'RequestRejected'])
  })

  it('page_context: clamps, validates, pages', () => {
    const q = pageQuery(JSON.stringify({ page_context: { row_count: '500', start_index: 0, sort_order: 'asc' } }), ['name'], {
      sort_column: 'name',
      sort_order: 'DESC',
    })
    expect(q).toMatchObject({ row_count: 100, start_index: 1, sort_order: 'ASC' })
    expect(() => pageQuery(JSON.stringify({ page_context: { rows: 5 } }), ['name'], { sort_column: 'name', sort_order: 'DESC' })).toThrow(
      VendorError,
    )
    const items = ['b', 'a', 'c'].map((name, i) => ({ name, id: String(i) }))
    const r = page(
      items,
      { ...q, row_count: 2 },
      (x) => x.name,
      (x) => x.id,
    )
    expect(r.rows.map((x) => x.name)).toEqual(['a', 'b'])
    expect(r.page_context).toMatchObject({ total_count: 3, has_more_rows: true })
  })
})
