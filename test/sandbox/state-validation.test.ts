import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'
import type { StateDocument } from '../../src/sandbox/state.js'
import { READY } from '../zoho/helpers.js'
import { K } from '../okdokument/helpers.js'

/**
 * `PUT /__sandbox/state` checks every record against its vendor's state schema
 * before anything changes (issue 12 item 7). The round trip after real flows of
 * every vendor is checked by every contract suite (`expectStatesRoundTrip` in
 * test/helpers/doors.ts); here: the seeded states, each reproduction of the issue, forbidden keys,
 * atomicity and snapshot restore.
 */
const sb = createSandbox({ seed: 1, clock: '2026-03-02T10:00:00Z' })
const call = (path: string, init?: RequestInit) => sb.app.request(`http://localhost${path}`, init)
const stateUrl = (ws: string) => `/ws/${ws}/__sandbox/state`
const getState = async (ws: string): Promise<StateDocument> => (await call(stateUrl(ws))).json() as Promise<StateDocument>
const putRaw = (ws: string, body: string) => call(stateUrl(ws), { method: 'PUT', body })
const putState = (ws: string, doc: unknown) => putRaw(ws, JSON.stringify(doc))

type Vendors = Record<string, Record<string, Record<string, Record<string, unknown>>>>
const vendorsOf = (doc: StateDocument) => doc.vendors as Vendors
const first = (records: Record<string, Record<string, unknown>>): [string, Record<string, unknown>] => Object.entries(records)[0]

const zoho = (ws: string, path: string, init: RequestInit = {}) =>
  call(`/ws/${ws}/zoho/api/v1${path}`, { ...init, headers: { authorization: `Zoho-oauthtoken ${READY}`, ...init.headers } })
const okd = (ws: string, path: string) => call(`/ws/${ws}/okdokument${path}`, { headers: { 'x-api-key': K } })

/** The refusal every bad document gets: 400 `invalid_state` naming the first bad path. */
async function expectRefused(res: Response, path: string): Promise<void> {
  expect(res.status).toBe(400)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  const body = (await res.json()) as { error: string; message: string; path: string; problems: string[] }
  expect(body).toMatchObject({ error: 'invalid_state', path })
  expect(body.message).toContain(path)
  expect(body.problems[0]).toContain(path)
}

describe('PUT /state round trip', () => {
  it('every vendor, as seeded, goes back in unchanged', async () => {
    const ws = 'rt-seeded'
    const text = await (await call(stateUrl(ws))).text()
    expect(Object.keys((JSON.parse(text) as StateDocument).vendors).sort()).toEqual(['ipro', 'okdokument', 'signio', 'tranadmin', 'zoho'])
    const put = await putRaw(ws, text)
    expect(put.status).toBe(200)
    expect(await put.json()).toEqual({ workspace: ws, replaced: ['signio', 'zoho', 'tranadmin', 'ipro', 'okdokument'] })
    expect(await (await call(stateUrl(ws))).text()).toBe(text)
    // …and into another workspace, where the vendor answers from it.
    const put2 = await putRaw('rt-seeded-copy', text.replace(`"workspace":"${ws}"`, '"workspace":"rt-seeded-copy"'))
    expect(put2.status).toBe(200)
    expect((await okd('rt-seeded-copy', '/JSON/counter')).status).toBe(200)
  })
})

describe('PUT /state refuses broken records (the 500s of issue 12)', () => {
  it('a Zoho request whose actions are not a list: 400, and the request still answers (was 500 code 9039)', async () => {
    const ws = 'bad-zoho-request'
    const doc = await getState(ws)
    const [id, request] = first(vendorsOf(doc).zoho.requests)
    request.actions = 'nope'
    await expectRefused(await putState(ws, doc), `vendors.zoho.requests.${id}.actions`)
    const res = await zoho(ws, `/requests/${id}`)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { code: number }).code).toBe(0)
  })

  it('a Zoho id counter that is not a number: 400, and new folders still get real ids (was folder_id "NaN")', async () => {
    const ws = 'bad-zoho-counter'
    const doc = await getState(ws)
    ;(vendorsOf(doc).zoho.meta as Record<string, unknown>).next_id = 'x'
    await expectRefused(await putState(ws, doc), 'vendors.zoho.meta.next_id')
    const res = await zoho(ws, '/folders', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ data: JSON.stringify({ folders: { folder_name: 'after' } }) }).toString(),
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { folders: { folder_id: string } }).folders.folder_id).toMatch(/^\d+$/)
  })

  it('an OKdokument key without its account: 400, and the counter still names the account (was "undefined.storedFiles")', async () => {
    const ws = 'bad-okd-key'
    const doc = await getState(ws)
    delete vendorsOf(doc).okdokument.keys[K].account
    await expectRefused(await putState(ws, doc), `vendors.okdokument.keys.${K}.account`)
    const res = await okd(ws, '/JSON/counter')
    expect(res.status).toBe(200)
    const actual = Object.keys(((await res.json()) as { actual: Record<string, string> }).actual)
    expect(actual.some((k) => k.startsWith('undefined.'))).toBe(false)
  })

  it('a Signio transaction in a state that does not exist: 400 naming vendors.signio.transactions.<id>.estado', async () => {
    const ws = 'bad-signio-estado'
    const doc = await getState(ws)
    const [id, tx] = first(vendorsOf(doc).signio.transactions)
    tx.estado = 99
    await expectRefused(await putState(ws, doc), `vendors.signio.transactions.${id}.estado`)
  })

  it('a record filed under an id that is not its own, an unknown key, a missing key', async () => {
    const ws = 'bad-shapes'
    const doc = await getState(ws)
    const folders = vendorsOf(doc).zoho.folders
    const [id, folder] = first(folders)
    folders['123'] = folder
    await expectRefused(await putState(ws, doc), 'vendors.zoho.folders.123')
    delete folders['123']
    folder.colour = 'red'
    await expectRefused(await putState(ws, doc), `vendors.zoho.folders.${id}.colour`)
    delete folder.colour
    delete vendorsOf(doc).ipro.grants
    await expectRefused(await putState(ws, doc), 'vendors.ipro.grants')
  })
})

describe('PUT /state refuses keys that reach a prototype', () => {
  for (const key of ['__proto__', 'constructor', 'prototype'])
    it(`"${key}" anywhere in the raw body: 400 naming it, nothing changes`, async () => {
      const ws = `proto-${key.replace(/_/g, '')}`
      const before = await (await call(stateUrl(ws), { method: 'PUT', body: await (await call(stateUrl(ws))).text() })).text()
      expect(before).toContain('replaced')
      const state = await (await call(stateUrl(ws))).text()
      const doc = (await getState(ws)) as StateDocument
      const [id] = first(vendorsOf(doc).okdokument.documents)
      // Written as text: JSON.parse makes `__proto__` an own key, which JSON.stringify of an object would not.
      const text = JSON.stringify(doc).replace(`"${id}":{`, `"${id}":{"${key}":{"polluted":true},`)
      expect(text).toContain(`"${key}":{"polluted":true}`)
      await expectRefused(await putRaw(ws, text), `vendors.okdokument.documents.${id}.${key}`)
      expect(await (await call(stateUrl(ws))).text()).toBe(state)
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    })

  it('at the top level and as a record id too', async () => {
    await expectRefused(await putRaw('proto-top', '{"__proto__":{"version":1},"version":1,"vendors":{}}'), '__proto__')
    const doc = await getState('proto-id')
    const text = JSON.stringify(doc).replace('"folders":{', '"folders":{"constructor":{"folder_id":"1","folder_name":"x","created":0},')
    await expectRefused(await putRaw('proto-id', text), 'vendors.zoho.folders.constructor')
  })
})

describe('a refused document changes nothing', () => {
  it('a good vendor part next to a bad one is not applied either', async () => {
    const ws = 'atomic'
    await okd(ws, '/JSON/counter')
    const before = await (await call(stateUrl(ws))).text()
    const doc = JSON.parse(before) as StateDocument
    const [, account] = first(vendorsOf(doc).okdokument.accounts)
    account.purchasedSignatureRequests = 12345
    const [id, tx] = first(vendorsOf(doc).tranadmin.transactions)
    tx.lastUpdated = 'yesterday'
    await expectRefused(await putState(ws, doc), `vendors.tranadmin.transactions.${id}.lastUpdated`)
    expect(await (await call(stateUrl(ws))).text()).toBe(before)
  })

  it('a refused document does not create the workspace it was sent to', async () => {
    const doc = await getState('never-made')
    ;(vendorsOf(doc).ipro.counters as Record<string, unknown>).next_source_setting_id = -1
    await expectRefused(await putState('never-made', doc), 'vendors.ipro.counters.next_source_setting_id')
    const list = (await (await call('/__sandbox/workspaces')).json()) as { items: { id: string }[] }
    expect(list.items.map((w) => w.id)).not.toContain('never-made')
  })

  it('a snapshot that no longer fits is refused on restore (409 naming the path) and nothing changes', async () => {
    const ws = 'snap-bad'
    const ctl = sb.control.workspace(ws)
    await ctl.createSnapshot('s1')
    const workspace = await sb.runtime.store.open(ws)
    const snap = workspace.snapshots.get('s1') as unknown as StateDocument
    ;(vendorsOf(snap).zoho.meta as Record<string, unknown>).next_id = 'x'
    const before = await (await call(stateUrl(ws))).text()
    const res = await call(`/ws/${ws}/__sandbox/snapshots/s1/restore`, { method: 'POST' })
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({ error: 'invalid_state', path: 'vendors.zoho.meta.next_id' })
    expect(await (await call(stateUrl(ws))).text()).toBe(before)
  })
})
