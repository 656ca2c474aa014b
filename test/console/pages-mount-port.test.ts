import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connect, type EmailEntry } from '../../src/index.js'
import { startCli, type CliProcess } from '../helpers/cli.js'
import type { Door } from '../helpers/doors.js'
import { client as zohoClient } from '../zoho/helpers.js'
import { Signio } from '../signio/helpers.js'
import { client as okClient, createPdf } from '../okdokument/helpers.js'
import { client as esfClient } from '../tranadmin/helpers.js'

/**
 * The signing pages as a browser reaches them on a `--mount-port` origin of
 * the built CLI, with `--admin-token` set and every URL under `/ws/<id>/`:
 * the vendor API is called there, the signer link comes from the outbox, the
 * page is fetched and its own form (its relative action resolved against the
 * page URL, as a browser does) is posted back. The control plane stays behind
 * the token; the pages never are.
 */

const TOKEN = 'mount-port-admin-token'
const MOUNTS = ['zoho', 'signio', 'openesignforms', 'okdokument'] as const

let cli: CliProcess
const origins = new Map<string, string>()

beforeAll(async () => {
  cli = await startCli(['--admin-token', TOKEN, '--delivery-backoff', '5,10', ...MOUNTS.flatMap((m) => ['--mount-port', `${m}=0`])])
  for (const mount of MOUNTS) {
    const m = new RegExp(`^  ${mount} +(http://\\S+)  \\(mount ${mount} at the root of its own port\\)$`, 'm').exec(cli.stdout())
    if (!m) throw new Error(`no origin for ${mount} in:\n${cli.stdout()}`)
    origins.set(`/${mount}`, m[1])
  }
})
afterAll(async () => {
  cli?.child.kill('SIGTERM')
  await cli?.exited
})

const originOf = (prefix: string): string => {
  const origin = origins.get(prefix)
  if (!origin) throw new Error(`no mount port for ${prefix}`)
  return origin
}

/** The vendor helpers, pointed at the mount ports: `<origin>/ws/<ws><path>`. */
const door: Door = {
  mode: 'app',
  // The helpers used here reach the sandbox only through the URLs below and the control client.
  sandbox: undefined as never,
  workspace: (label = 'mp') => `${label}-${process.pid}`,
  url: (prefix, path, ws) => `${originOf(prefix)}/ws/${ws}${path}`,
  base: (prefix, ws) => `${originOf(prefix)}/ws/${ws}`,
  fetch: (prefix, path, ws, init) => fetch(door.url(prefix, path, ws), { redirect: 'manual', ...init }),
  follow: (url, init) => fetch(url, { redirect: 'manual', ...init }),
  control: (ws) => connect(cli.url, { workspace: ws, adminToken: TOKEN }),
}

async function mailLink(ws: string, vendor: string, to: string): Promise<string> {
  const mails = (await door.control(ws).outbox({ vendor, type: 'email' })).items as EmailEntry[]
  const link = mails.filter((m) => m.to === to && m.links.length).at(-1)?.links[0]
  if (!link) throw new Error(`no link to ${to}`)
  return link
}

interface Page {
  url: string
  status: number
  text: string
  /** The page's form action, resolved against the page URL as a browser resolves it. */
  action?: string
}

async function open(url: string): Promise<Page> {
  const res = await fetch(url)
  const text = await res.text()
  const action = /<form method="post" action="([^"]*)"/.exec(text)?.[1]?.replaceAll('&amp;', '&')
  return { url: res.url, status: res.status, text, action: action === undefined ? undefined : new URL(action, res.url).href }
}

async function submit(page: Page, fields: Record<string, string>): Promise<Response> {
  if (!page.action) throw new Error(`no form on ${page.url}`)
  return fetch(page.action, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
}

describe('signing pages on --mount-port origins, with --admin-token, under /ws/<id>/', { timeout: 60_000 }, () => {
  it('the control plane needs the token there; the pages do not', async () => {
    expect((await fetch(`${cli.url}/__sandbox/outbox`)).status).toBe(401)
    expect((await open(`${originOf('/zoho')}/ws/mp-none/zsguest?sign_id=nope`)).status).toBe(404)
  })

  it('Zoho: the e-mailed zsguest link is on the mount origin; its form signs', async () => {
    const ws = door.workspace('mp-zoho')
    const c = zohoClient(door, ws)
    const r = await c.sent('Mount port.pdf', [{ name: 'Mia Mount', email: 'mia@example.test' }])
    const link = await mailLink(ws, 'zoho', 'mia@example.test')
    expect(link.startsWith(`${originOf('/zoho')}/ws/${ws}/zsguest?`)).toBe(true)
    const page = await open(link)
    expect(page.status).toBe(200)
    expect(page.action?.startsWith(`${originOf('/zoho')}/ws/${ws}/zsguest?`)).toBe(true)
    const pdf = /<object data="([^"]+)"/.exec(page.text)?.[1]?.replaceAll('&amp;', '&') ?? ''
    expect((await fetch(new URL(pdf, page.url))).headers.get('content-type')).toBe('application/pdf')
    const done = await submit(page, { action: 'sign' })
    expect(await done.text()).toContain('You have signed this document')
    const after = await c.api(`/requests/${String(r.request_id)}`)
    expect((after.body.requests as { request_status: string }).request_status).toBe('completed')
  })

  it('Signio: firmar/<token> on the mount origin; Rechazar with a motivo', async () => {
    const ws = door.workspace('mp-signio')
    const c = new Signio(door, ws)
    const { id } = await c.ready([{ email: 'rosa@example.com' }], { op_btnRechazo: 1 })
    await c.distribuir(id)
    const link = await mailLink(ws, 'signio', 'rosa@example.com')
    expect(link.startsWith(`${originOf('/signio')}/ws/${ws}/firmar/`)).toBe(true)
    const page = await open(link)
    expect(page.text).toContain('lang="es"')
    expect(page.action).toBe(link)
    const done = await submit(page, { action: 'reject', reason: 'Datos incorrectos' })
    expect(await done.text()).toContain('Usted rechazó la transacción.')
    expect((await c.gestionar(id)).body.estado).toBe(4)
  })

  it('tranadmin: the pickup page at the mount origin; Decline cancels, another party signs', async () => {
    const ws = door.workspace('mp-esf')
    const ctl = door.control(ws)
    const esf = esfClient(door, ws)
    const start = (tid: string) =>
      ctl.simulate('tranadmin', 'transaction-start', {
        template: 'Sales/Contract',
        tid,
        emails: { Seller: 'seller@example.test', Buyer: 'buyer@example.test', Countersigner: 'counter@example.test' },
      })
    const pickup = async (tid: string) => {
      const code = /<pickupUrl>[^<]*\/P\/([A-Za-z0-9]{20})<\/pickupUrl>/.exec((await esf.status(tid)).text)?.[1] ?? ''
      return open(`${originOf('/openesignforms')}/ws/${ws}/demo/P/${code}`)
    }
    const signed = await start('aaaaaaaa-aaaa-4aaa-8aaa-00000000000a')
    const page = await pickup(signed.tid)
    expect(page.status).toBe(200)
    expect(page.action).toBe(page.url)
    expect(await (await submit(page, { action: 'complete' })).text()).toContain('signed and submitted')
    expect((await esf.status(signed.tid)).text).toMatch(/<name>Seller<\/name>\s*<status>Completed<\/status>/)
    const declined = await start('aaaaaaaa-aaaa-4aaa-8aaa-00000000000b')
    const second = await pickup(declined.tid)
    expect(await (await submit(second, { action: 'decline', reason: 'Wrong price' })).text()).toContain(
      'The transaction has been canceled.',
    )
    expect((await esf.status(declined.tid)).text).toMatch(/<status>Canceled<\/status>/)
  })

  it('OKdokument: openDocument → viewDocument on the mount origin; Submit goes on to the result URL', async () => {
    const ws = door.workspace('mp-ok')
    const ok = okClient(door, ws)
    const created = await ok.create(createPdf({ resulturl: 'https://app.example.test/done' }))
    const url = String(created.json.url)
    expect(url.startsWith(`${originOf('/okdokument')}/ws/${ws}/openDocument/`)).toBe(true)
    const redirect = await fetch(url, { redirect: 'manual' })
    const page = await open(new URL(redirect.headers.get('location') ?? '', url).href)
    expect(page.url.startsWith(`${originOf('/okdokument')}/ws/${ws}/viewDocument?id=`)).toBe(true)
    expect(page.action?.startsWith(`${originOf('/okdokument')}/ws/${ws}/viewDocument?id=`)).toBe(true)
    const done = await submit(page, { action: 'sign' })
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toMatch(/^https:\/\/app\.example\.test\/done\?.*result=success/)
    expect((await ok.metadata(String(created.json.documentId))).json.state).toBe('signed')
  })
})
