import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { ledgerSandbox, K1 } from '../helpers/ledger-sandbox.js'

/**
 * The journal never shows a secret, whatever the body's encoding (issue 12 item 4), and never holds
 * more than `--journal-body-limit` bytes of a body nor more than its byte budget per workspace (item 8).
 */
describe('multipart bodies are redacted like JSON and form bodies', () => {
  it('Signio /token/crear: the password never reaches the journal', async () => {
    const sb = createSandbox({ seed: 1 })
    const fd = new FormData()
    fd.append('email', 'api@signio.test')
    fd.append('password', 'Signio#2024')
    const res = await sb.app.request('http://localhost/ws/mp-signio/signio/api/v2/token/crear', { method: 'POST', body: fd })
    expect(res.status).toBe(200)
    const [entry] = (await sb.control.workspace('mp-signio').requests()).items
    expect(entry.body).toContain('api@signio.test')
    expect(entry.body).not.toContain('Signio#2024')
    expect(entry.body).toContain('[redacted]')
  })

  it('Zoho /oauth/v2/token: client_secret and refresh_token never reach the journal', async () => {
    const sb = createSandbox({ seed: 1 })
    const secret = 'sandboxzohosignclientsecret000000000000001'
    const refresh = `1000.ffff${'0'.repeat(27)}1.5a4db0c${'0'.repeat(24)}1`
    const fd = new FormData()
    fd.append('grant_type', 'refresh_token')
    fd.append('client_id', '1000.SANDBOXZOHOSIGNCLIENT000000001')
    fd.append('client_secret', secret)
    fd.append('refresh_token', refresh)
    const res = await sb.app.request('http://localhost/ws/mp-zoho/zoho-accounts/oauth/v2/token', { method: 'POST', body: fd })
    expect(res.status).toBe(200)
    const [entry] = (await sb.control.workspace('mp-zoho').requests()).items
    expect(entry.body).toContain('refresh_token')
    expect(entry.body).not.toContain(secret)
    expect(entry.body).not.toContain(refresh)
    expect(entry.response_body).not.toContain((await res.json()).access_token)
  })

  it('a file part shows as its size, a secret-named file part is redacted too', async () => {
    const sb = ledgerSandbox()
    const fd = new FormData()
    fd.append('name', 'visible')
    fd.append('api_key', 'k-secret-123')
    fd.append('doc', new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 255])]), 'a.pdf')
    await sb.app.request('http://localhost/ws/mp-ledger/ledger/items', { method: 'POST', headers: K1, body: fd })
    const [entry] = (await sb.control.workspace('mp-ledger').requests()).items
    expect(entry.body).toContain('visible')
    expect(entry.body).not.toContain('k-secret-123')
    expect(entry.body).toContain('[file a.pdf, 8 bytes]')
  })
})

const OK_KEY =
  '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2'

describe('journal byte bounds', () => {
  // OKdokument reads bodies up to 15 MB, so the whole body reaches the journal, which keeps its start.
  const post = (sb: ReturnType<typeof ledgerSandbox>, ws: string, text: string) =>
    sb.app.request(`http://localhost/ws/${ws}/okdokument/JSON/signatureRequest`, {
      method: 'POST',
      headers: { 'x-api-key': OK_KEY, 'content-type': 'text/plain' },
      body: text,
    })

  it('keeps the first 8192 bytes of a body by default', async () => {
    const sb = ledgerSandbox()
    await post(sb, 'jb-default', 'x'.repeat(20_000))
    const [entry] = (await sb.control.workspace('jb-default').requests()).items
    expect(entry.body).toBe('x'.repeat(8192))
  })

  it('--journal-body-limit sets how much of a request and reply body is kept', async () => {
    const sb = ledgerSandbox({ journalBodyLimit: 100 })
    await post(sb, 'jb-100', 'y'.repeat(1000))
    await sb.app.request('http://localhost/ws/jb-100/okdokument/JSON/counter', { headers: { 'x-api-key': OK_KEY } })
    const [list, created] = (await sb.control.workspace('jb-100').requests()).items
    expect(created.body).toBe('y'.repeat(100))
    expect(Buffer.byteLength(list.response_body)).toBeLessThanOrEqual(100)
  })

  it('a workspace journal is bounded in bytes as well as entries: the oldest go first', async () => {
    const sb = ledgerSandbox({ journalBytes: 64 * 1024 })
    for (let i = 0; i < 100; i++) await post(sb, 'jb-bytes', `${String(i).padStart(3, '0')}${'z'.repeat(4000)}`)
    const { items } = await sb.control.workspace('jb-bytes').requests()
    expect(items.length).toBeGreaterThan(5)
    expect(items.length).toBeLessThan(17)
    expect(items[0].body.startsWith('099')).toBe(true)
    const kept = items.reduce((n, e) => n + Buffer.byteLength(e.body) + Buffer.byteLength(e.response_body), 0)
    expect(kept).toBeLessThanOrEqual(64 * 1024)
  })
})
