import { describe, expect, it } from 'vitest'
import { createSandbox } from '../index.js'
import type { Collection } from './collection.js'

interface WithEnvelopes {
  envelopes: Collection<unknown>
}

describe('Workspace.derived', () => {
  const open = async (id: string) => {
    const sb = createSandbox({ seed: 1 })
    return { sb, ws: await sb.runtime.store.open(id) }
  }

  it('hands the value out again until the workspace data changes, then builds it again', async () => {
    const { ws } = await open('derived-a')
    const h = ws.handle<WithEnvelopes>('ipro')
    let builds = 0
    const build = () => ++builds
    expect(h.derived('k', build)).toBe(1)
    expect(h.derived('k', build)).toBe(1)
    expect(h.derived('other', build)).toBe(2)
    // A record stored again (what every change does) retires every derived value.
    const [id, envelope] = h.state.envelopes.entries().next().value as [string, unknown]
    h.state.envelopes.set(id, envelope)
    expect(h.derived('k', build)).toBe(3)
    h.touch()
    expect(h.derived('k', build)).toBe(4)
    expect(h.derived('k', build)).toBe(4)
  })

  it('keys are per vendor, and a restored record or a reset starts over', async () => {
    const { sb, ws } = await open('derived-b')
    expect(ws.handle('ipro').derived('k', () => 'ipro')).toBe('ipro')
    expect(ws.handle('zoho').derived('k', () => 'zoho')).toBe('zoho')
    expect(ws.handle('ipro').derived('k', () => 'again')).toBe('ipro')
    ws.applyRecord(ws.toRecord())
    expect(ws.handle('ipro').derived('k', () => 'restored')).toBe('restored')
    await ws.reset(sb.runtime.vendors)
    expect(ws.handle('ipro').derived('k', () => 'reset')).toBe('reset')
  })
})
