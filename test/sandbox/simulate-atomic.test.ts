import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'

/** Simulate actions are atomic per workspace: no read – await – write loses an update (issue 12 item 6; sandbox.md §10). */
const A1 = '3d58d115-8a00-43e1-a93a-1636b51f053a'

describe('concurrent simulate actions', () => {
  it('20 concurrent IPRO envelopes for one account on a fresh sandbox are all indexed on it', async () => {
    const sb = createSandbox({ seed: 1, clock: '2026-03-02T10:00:00Z' })
    const ctl = sb.control.workspace('atomic-ipro')
    const made = await Promise.all(Array.from({ length: 20 }, () => ctl.simulate('ipro', 'envelope', { docusign_account_id: A1 })))
    const ids = made.map((e) => (e as { envelope_id: string }).envelope_id)
    expect(new Set(ids).size).toBe(20)
    const state = (await ctl.state('ipro')).vendors.ipro as {
      docusign_accounts: Record<string, { account_id: string; envelope_ids: string[] }>
    }
    const account = Object.values(state.docusign_accounts).find((a) => a.account_id === A1)
    for (const id of ids) expect(account?.envelope_ids).toContain(id)
  })
})
