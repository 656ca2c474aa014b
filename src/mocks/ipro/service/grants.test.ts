import { describe, expect, it } from 'vitest'
import { freshGrant, useGrant } from './grants.js'

const H = 3600_000
const D = 24 * H
const A = '3d58d115-8a00-43e1-a93a-1636b51f053a'
const grant = freshGrant(5, 'u', [A], 0)
/** The clock at `ms`, as useGrant reads it. */
const at = (ms: number) => ({ reached: (t: number) => ms >= t, now: () => ms })

describe('useGrant (spec §3.1)', () => {
  it('a fresh grant is usable without refresh until its access token expires, inclusive', () => {
    expect(useGrant(grant, A, at(0))).toEqual({ ok: true, refreshed: null })
    expect(useGrant(grant, A.toUpperCase(), at(8 * H))).toEqual({ ok: true, refreshed: null })
  })

  it('past 8 h and within 30 days it refreshes both deadlines from now', () => {
    const use = useGrant(grant, A, at(8 * H + 1))
    expect(use).toEqual({ ok: true, refreshed: { ...grant, access_expires_at: 16 * H + 1, refresh_expires_at: 30 * D + 8 * H + 1 } })
    expect(useGrant(grant, A, at(30 * D)).ok).toBe(true)
  })

  it('past the refresh deadline, or revoked, it is invalid — before the membership check', () => {
    expect(useGrant(grant, A, at(30 * D + 1))).toEqual({ ok: false, reason: 'invalid' })
    expect(useGrant({ ...grant, revoked: true }, 'other', at(0))).toEqual({ ok: false, reason: 'invalid' })
  })

  it('an account outside the grant is not_member, even when a refresh would happen', () => {
    expect(useGrant(grant, 'c4e1a7b9-2d58-4f06-b3a1-9e7d5c2b8f40', at(0))).toEqual({ ok: false, reason: 'not_member' })
    expect(useGrant(grant, 'x', at(9 * H))).toEqual({ ok: false, reason: 'not_member' })
  })
})
