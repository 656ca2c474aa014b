import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'

const OK_KEY =
  '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2'
const url = (path: string) => `http://localhost${path}`

describe('console page', () => {
  const sandbox = createSandbox({ seed: 1 })
  it('is served at /__sandbox/ and /ws/<id>/__sandbox/, the bare path redirecting there', async () => {
    for (const [path, ws, base] of [
      ['/__sandbox/', 'default', '/__sandbox'],
      ['/ws/qa-1/__sandbox/', 'qa-1', '/ws/qa-1/__sandbox'],
    ]) {
      const res = await sandbox.app.request(url(path))
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      const page = await res.text()
      expect(page).toContain(`data-workspace="${ws}"`)
      expect(page).toContain(`<script src="${base}/console.js" defer></script>`)
      expect(page).not.toMatch(/https?:\/\/(?!localhost)/)
    }
    for (const [path, to] of [
      ['/__sandbox', '/__sandbox/'],
      ['/ws/qa-1/__sandbox', '/ws/qa-1/__sandbox/'],
    ]) {
      const res = await sandbox.app.request(url(path))
      expect(res.status).toBe(308)
      expect(res.headers.get('location')).toBe(to)
    }
  })
  it('serves its script from the package, nothing from outside', async () => {
    const res = await sandbox.app.request(url('/__sandbox/console.js'))
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    const js = await res.text()
    expect(js.startsWith('(function dashboardClient()')).toBe(true)
    expect(js).not.toMatch(/\bimport\s*\(|^import\s|https?:\/\//m)
    expect(() => new Function(js)).not.toThrow()
  })
  it('escapes the workspace id it echoes (ids are checked, but the page never trusts that)', async () => {
    const res = await sandbox.app.request(url('/__sandbox/'), { headers: { 'x-sandbox-workspace': 'a-"b' } })
    expect(res.status).toBe(400)
  })
})

describe('control-plane reads the console uses', () => {
  const sandbox = createSandbox({ seed: 1, journalSize: 20_000 })
  const ws = 'journal-pages'
  const call = (path: string) => sandbox.app.request(url(`/ws/${ws}/okdokument${path}`), { headers: { 'x-api-key': OK_KEY } })
  it('pages the journal with offset and filters it by status code or class', async () => {
    for (let i = 0; i < 30; i++) await call(i % 3 === 0 ? '/JSON/nowhere' : '/JSON/counter')
    const journal = sandbox.control.workspace(ws)
    const page = (await (await sandbox.app.request(url(`/ws/${ws}/__sandbox/requests?limit=5&offset=5`))).json()) as {
      items: { id: string; status: number }[]
      count: number
      total: number
    }
    expect(page.count).toBe(5)
    expect(page.total).toBe(30)
    expect(page.items.map((e) => e.id)).toEqual(['req_25', 'req_24', 'req_23', 'req_22', 'req_21'])
    const failed = (await (await sandbox.app.request(url(`/ws/${ws}/__sandbox/requests?status=4xx&limit=100`))).json()) as {
      items: { status: number }[]
      total: number
    }
    expect(failed.total).toBe(10)
    expect(failed.items.every((e) => e.status === 404)).toBe(true)
    const exact = (await (await sandbox.app.request(url(`/ws/${ws}/__sandbox/requests?status=200&limit=0`))).json()) as { total: number }
    expect(exact.total).toBe(20)
    for (const bad of ['status=4x', 'status=abc', 'offset=-1', 'offset=1.5']) {
      const res = await sandbox.app.request(url(`/ws/${ws}/__sandbox/requests?${bad}`))
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: string }).error).toBe('invalid_query')
    }
    expect(journal.workspaceId).toBe(ws)
  })
  it('lists each mount with its base URL and real hosts', async () => {
    const res = await sandbox.app.request(url(`/ws/${ws}/__sandbox/vendors`))
    const body = (await res.json()) as { items: { id: string; mounts: { prefix: string; base_url: string; hosts: string[] }[] }[] }
    const zoho = body.items.find((v) => v.id === 'zoho')
    expect(zoho?.mounts.map((m) => m.prefix)).toEqual(['/zoho', '/zoho-accounts'])
    expect(zoho?.mounts[0].base_url).toBe(`http://localhost/ws/${ws}/zoho`)
    expect(zoho?.mounts[0].hosts).toContain('https://sign.zoho.com')
    expect(zoho?.mounts[1].hosts).toContain('https://accounts.zoho.com')
  })
})

describe('admin token: login, session cookie, anti-CSRF', () => {
  const TOKEN = 'qa-admin-token'
  const sandbox = createSandbox({ seed: 1, adminToken: TOKEN })
  const login = (token: string) =>
    sandbox.app.request(url('/ws/qa/__sandbox/login'), { method: 'POST', body: new URLSearchParams({ token }) })
  const sessionOf = async () => (await login(TOKEN)).headers.get('set-cookie')?.split(';')[0] ?? ''
  const csrfOf = async (cookie: string) =>
    /data-csrf="([^"]+)"/.exec(await (await sandbox.app.request(url('/__sandbox/'), { headers: { cookie } })).text())?.[1] ?? ''

  it('shows a login page (a password field) instead of the console', async () => {
    const res = await sandbox.app.request(url('/__sandbox/'))
    expect(res.status).toBe(200)
    const page = await res.text()
    expect(page).toContain('type="password"')
    expect(page).toContain('action="/__sandbox/login"')
    expect(page).not.toContain('console.js')
    expect((await sandbox.app.request(url('/__sandbox/clock'))).status).toBe(401)
  })
  it('refuses a wrong token with the login page again', async () => {
    const res = await login('nope')
    expect(res.status).toBe(401)
    expect(res.headers.get('set-cookie')).toBeNull()
    expect(await res.text()).toContain('not the admin token')
  })
  it('sets an HttpOnly SameSite=Strict session cookie for the right token and sends the browser back', async () => {
    const res = await login(TOKEN)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/ws/qa/__sandbox/')
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^esign_sandbox_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/)
    expect(cookie).not.toContain(TOKEN)
  })
  it('authorises reads with the cookie, and writes only with the page’s CSRF header too', async () => {
    const cookie = await sessionOf()
    expect((await sandbox.app.request(url('/__sandbox/clock'), { headers: { cookie } })).status).toBe(200)
    const page = await (await sandbox.app.request(url('/__sandbox/'), { headers: { cookie } })).text()
    expect(page).toContain('console.js')
    const csrf = await csrfOf(cookie)
    expect(csrf).toMatch(/^[\w-]{43}$/)
    const write = (headers: Record<string, string>) =>
      sandbox.app.request(url('/__sandbox/faults'), {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ vendor: 'okdokument', status: 503, times: 1 }),
      })
    const refused = await write({ cookie })
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { error: string }).error).toBe('csrf')
    expect((await write({ cookie, 'x-sandbox-csrf': 'forged' })).status).toBe(403)
    expect((await write({ cookie, 'x-sandbox-csrf': csrf })).status).toBe(201)
    // The Bearer token needs no CSRF header: no browser attaches it on its own.
    expect((await write({ authorization: `Bearer ${TOKEN}` })).status).toBe(201)
    expect((await write({ cookie: 'esign_sandbox_session=forged', 'x-sandbox-csrf': csrf })).status).toBe(401)
  })
  it('logs out by clearing the cookie', async () => {
    const res = await sandbox.app.request(url('/__sandbox/logout'), { method: 'POST' })
    expect(res.status).toBe(303)
    expect(res.headers.get('set-cookie')).toContain('Max-Age=0')
  })
})
