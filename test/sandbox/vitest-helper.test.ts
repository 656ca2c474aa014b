import { describe, expect } from 'vitest'
import { sandboxTest } from '../../src/testing.js'
import { connect } from '../../src/index.js'
import { ledgerSandbox, K1, json } from '../helpers/ledger-sandbox.js'
import { listening } from '../helpers/doors.js'

const sb = ledgerSandbox()
const server = await listening(sb, { msw: true })

describe('esign-sandbox/vitest over MSW', () => {
  const test = sandboxTest(sb.control)
  for (let i = 0; i < 6; i++) {
    test.concurrent(`concurrent test ${i} sees only its own records`, async ({ workspace }) => {
      await fetch('https://ledger.test/items', json({ name: `mine-${i}` }, workspace.headers))
      const list = await (await fetch('https://ledger.test/items', { headers: { ...K1, ...workspace.headers } })).json()
      const names = list.items.map((x: { name: string }) => x.name)
      expect(names).toHaveLength(2)
      expect(names).toContain(`mine-${i}`)
      expect((await workspace.control.requests()).count).toBe(2)
    })
  }
})

describe('esign-sandbox/vitest over HTTP (another process would use connect(url) the same way)', () => {
  const test = sandboxTest(connect(server.url), { baseUrl: server.url })
  for (let i = 0; i < 4; i++) {
    test.concurrent(`concurrent test ${i} with workspace.url()`, async ({ workspace }) => {
      const res = await fetch(workspace.url('/ledger/items'), json({ name: `http-${i}` }))
      expect(res.status).toBe(201)
      const list = await (await fetch(workspace.url('/ledger/items'), { headers: K1 })).json()
      expect(list.items).toHaveLength(2)
      expect((await workspace.control.requests()).items[0].path).toBe(`/ws/${workspace.id}/ledger/items`)
    })
  }
})
