import { ACCESS_TTL_MS, REFRESH_TTL_MS } from '../constants.js'
import type { Ws } from '../../../lib/vendor.js'
import { guidKey, type Grant } from '../model.js'

/** The clock as grants and the report read it: deadlines, and the time itself only when a grant is refreshed. */
export type GrantClock = Pick<Ws<unknown>, 'reached' | 'now'>

/**
 * Whether a stored DocuSign grant can be used for a DocuSign account at `now`
 * (spec §3.1): revoked or past its refresh deadline → `invalid`; access token
 * expired but refreshable → usable with the refreshed grant to store; usable
 * but the account is not one of the user's → `not_member`.
 */
export type GrantUse = { ok: true; refreshed: Grant | null } | { ok: false; reason: 'invalid' | 'not_member' }

export function useGrant(grant: Grant, docusignAccountId: string, clock: GrantClock): GrantUse {
  if (grant.revoked) return { ok: false, reason: 'invalid' }
  let refreshed: Grant | null = null
  // Expired is strictly after the deadline: the deadline's own millisecond still counts.
  if (clock.reached(grant.access_expires_at + 1)) {
    if (clock.reached(grant.refresh_expires_at + 1)) return { ok: false, reason: 'invalid' }
    const now = clock.now()
    refreshed = { ...grant, access_expires_at: now + ACCESS_TTL_MS, refresh_expires_at: now + REFRESH_TTL_MS }
  }
  const wanted = guidKey(docusignAccountId)
  if (!grant.accounts.some((a) => guidKey(a) === wanted)) return { ok: false, reason: 'not_member' }
  return { ok: true, refreshed }
}

/** A fresh grant after a code exchange: DocuSign's 8-hour access token and 30-day refresh token. */
export function freshGrant(sourceId: number, userId: string, accounts: string[], now: number): Grant {
  return {
    source_id: sourceId,
    user_id: userId,
    accounts: [...accounts],
    access_expires_at: now + ACCESS_TTL_MS,
    refresh_expires_at: now + REFRESH_TTL_MS,
    revoked: false,
  }
}
