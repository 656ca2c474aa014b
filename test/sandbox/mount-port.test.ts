import { describe, expect, it } from 'vitest'
import { runCli, startCli } from '../helpers/cli.js'
import { K, createPdf } from '../okdokument/helpers.js'
import { CLIENT_ID, CLIENT_SECRET, REDIRECT_URI } from '../zoho/helpers.js'

/** `--mount-port <mount>=<port>`: one mount also served at the root of its own port (sandbox.md §1), over TCP. */

/** The extra origin the banner lists for a mount. */
function originOf(stdout: string, mount: string): string {
  const m = new RegExp(`^  ${mount} +(http://\\S+)  \\(mount ${mount} at the root of its own port\\)$`, 'm').exec(stdout)
  if (!m) throw new Error(`no origin for ${mount} in:\n${stdout}`)
  return m[1]
}

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': K, ...headers },
  body: JSON.stringify(body),
})

describe('--mount-port', () => {
  it('serves a mount at the root of its own port, /ws/<id> and the header included, and its links lead back', async () => {
    const cli = await startCli(['--mount-port', 'okdokument=0', '--mount-port', 'zoho-accounts=0'])
    try {
      const ok = originOf(cli.stdout(), 'okdokument')
      const accounts = originOf(cli.stdout(), 'zoho-accounts')
      expect(new Set([ok, accounts, cli.url]).size).toBe(3)

      // The vendor's real paths at the root; the default workspace is the main port's.
      expect((await fetch(`${ok}/JSON/counter`, { headers: { 'x-api-key': K } })).status).toBe(200)

      // /ws/<id>/ on the mount port: the same workspace as /ws/<id>/okdokument on the main port.
      const created = (await (await fetch(`${ok}/ws/mp-path/JSON/signatureRequest`, json(createPdf()))).json()) as Record<string, string>
      expect(created.url).toBe(`${ok}/ws/mp-path/openDocument/${created.result}`)
      const opened = await fetch(created.url, { redirect: 'manual' })
      expect(opened.status).toBe(302)
      const location = opened.headers.get('location') ?? ''
      expect(location).toBe(`${ok}/ws/mp-path/viewDocument?id=${created.documentId}`)
      expect((await fetch(location)).status).toBe(200)
      const onMain = await fetch(`${cli.url}/ws/mp-path/okdokument/JSON/document/metadata/${created.documentId}`, {
        headers: { 'x-api-key': K },
      })
      expect(onMain.status).toBe(200)

      // The header chooses the workspace there too, and the links then name it.
      const byHeader = (await (
        await fetch(`${ok}/JSON/signatureRequest`, json(createPdf(), { 'x-sandbox-workspace': 'mp-header' }))
      ).json()) as Record<string, string>
      expect(byHeader.url).toBe(`${ok}/ws/mp-header/openDocument/${byHeader.result}`)
      expect((await fetch(byHeader.url, { redirect: 'manual' })).status).toBe(302)

      // Unknown paths get the vendor's own 404; the control plane lives on the main port only.
      expect((await fetch(`${ok}/__sandbox/health`)).status).toBe(404)

      // A client that builds URLs with new URL('/oauth/v2/auth', accountsUrl) works on the accounts port.
      const auth = new URL('/oauth/v2/auth', accounts)
      for (const [k, v] of Object.entries({
        scope: 'ZohoSign.documents.ALL',
        client_id: CLIENT_ID,
        response_type: 'code',
        redirect_uri: REDIRECT_URI,
      }))
        auth.searchParams.set(k, v)
      const granted = new URL((await fetch(auth, { redirect: 'manual' })).headers.get('location') ?? '')
      expect(granted.searchParams.get('accounts-server')).toBe(accounts)
      const token = new URL('/oauth/v2/token', granted.searchParams.get('accounts-server') ?? '')
      const exchanged = (await (
        await fetch(token, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code: granted.searchParams.get('code') ?? '',
            client_id: CLIENT_ID,
            client_secret: CLIENT_SECRET,
            redirect_uri: REDIRECT_URI,
          }),
        })
      ).json()) as Record<string, unknown>
      expect(exchanged.access_token).toMatch(/^1000\./)
    } finally {
      cli.child.kill('SIGTERM')
    }
    expect(await cli.exited).toBe(0)
  })

  it.each([
    [['--mount-port', 'nope=4011']],
    [['--mount-port', 'okdokument']],
    [['--mount-port', 'okdokument=x']],
    [['--mount-port', 'okdokument=70000']],
    [['--mount-port', 'okdokument=4011', '--mount-port', 'okdokument=4012']],
    [['--mount-port', 'okdokument=4011', '--mount-port', 'signio=4011']],
    [['--port', '4011', '--mount-port', 'signio=4011']],
    [['--vendors', 'signio', '--mount-port', 'okdokument=4011']],
  ])('bad %j → one line on stderr, exit 2', async (args) => {
    const r = await runCli(args)
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^esign-sandbox: .*--mount-port/)
  })

  it('--help names the option and its mounts', async () => {
    const help = await runCli(['--help'])
    expect(help.stdout).toContain('--mount-port <mount>=<port>')
    expect(help.stdout).toContain('signio, zoho, zoho-accounts, openesignforms, ipro, okdokument')
  })
})
