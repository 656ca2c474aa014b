import { describe, expect, it, vi } from 'vitest'
import type { KeptReply, ReplySlot } from '../lib/context.js'
import { Workspace } from '../state/workspace.js'
import { madeTwice } from './reply-cache.js'

/** `verify` mode's second making of a keepable reply (the rest of the cache is tested over HTTP in test/sandbox/reply-cache.test.ts). */
describe('madeTwice', () => {
  const workspace = (clock = '2026-01-01T00:00:10.250Z') =>
    new Workspace('w', { vendors: [], seed: '1', clock, journalSize: 10, vendorOptions: {} }, () => {})
  const keptFrom = (ws: Workspace, validUntil: number): ReplySlot => {
    const kept: KeptReply = {
      ws,
      vendorId: 'v',
      version: ws.version,
      clockMs: undefined,
      validUntil,
      clockEpoch: ws.clock.epoch,
      route: '/',
      body: 'first',
      journalText: 'first',
      replyType: 'text/plain',
      url: 'http://x/',
      requestHeaders: '',
    }
    return { kept }
  }
  const reply = (text: string) => new Response(text, { headers: { 'content-type': 'text/plain' } })

  it('answers 500 reply_cache_mismatch when the second making differs while the first still held', async () => {
    const ws = workspace()
    const first = reply('first')
    vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const checked = await madeTwice(first, keptFrom(ws, Date.parse('2026-01-01T00:00:11.000Z')), () => reply('second'))
    expect(checked.status).toBe(500)
    expect(await checked.json()).toMatchObject({ error: 'reply_cache_mismatch' })
    vi.restoreAllMocks()
  })

  it('does not compare a second making that came after the first reply stopped holding (its deadline came)', async () => {
    const ws = workspace('real')
    const first = reply('first')
    const deadline = ws.clock.peek() + 2
    const checked = await madeTwice(first, keptFrom(ws, deadline), async () => {
      // The deadline comes between the two makings.
      while (ws.clock.peek() < deadline) await new Promise((r) => setTimeout(r, 1))
      return reply('second')
    })
    expect(checked).toBe(first)
  })

  it('the same reply twice is the first one', async () => {
    const ws = workspace()
    const first = reply('first')
    expect(await madeTwice(first, keptFrom(ws, Infinity), () => reply('first'))).toBe(first)
  })
})
