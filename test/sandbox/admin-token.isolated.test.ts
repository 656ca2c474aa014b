import * as crypto from 'node:crypto'
import { describe, expect, it, vi } from 'vitest'

/** The admin token is compared in constant time (issue 12 item 12): `!==` stops at the first wrong character. */
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:crypto')>()
  return { ...real, timingSafeEqual: vi.fn(real.timingSafeEqual) }
})

describe('admin token', () => {
  it('is checked with crypto.timingSafeEqual, for a wrong guess and for the right one', async () => {
    const { createSandbox } = await import('../../src/index.js')
    const sb = createSandbox({ adminToken: 's3cret-admin-token' })
    const health = (token: string) => sb.app.request('http://localhost/__sandbox/health', { headers: { authorization: `Bearer ${token}` } })
    const spy = vi.mocked(crypto.timingSafeEqual)
    spy.mockClear()
    expect((await health('s3cret-admin-tokeX')).status).toBe(401)
    expect(spy).toHaveBeenCalled()
    spy.mockClear()
    expect((await health('s3cret-admin-token')).status).toBe(200)
    expect(spy).toHaveBeenCalled()
  })
})
