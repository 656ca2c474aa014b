import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { eachDoor } from '../helpers/doors.js'
import { D, K, KX, PDF, SR, client, createPdf } from './helpers.js'

/** The control plane with a real vendor: isolation, determinism, redaction, reset. */
eachDoor('okdokument in the sandbox', (door) => {
  it('keeps two workspaces with the same fixture credentials apart', async () => {
    const a = client(door, door.workspace('iso-a'))
    const b = client(door, door.workspace('iso-b'))
    const created = await a.create(createPdf())
    expect((await a.metadata(created.json.documentId as string)).status).toBe(200)
    expect((await b.metadata(created.json.documentId as string)).status).toBe(404)
    expect((await b.patch({ signatureRequestId: created.json.result })).status).toBe(400)
    await a.call('DELETE', `/JSON/document/${D.D1}`)
    expect((await b.metadata(D.D1)).status).toBe(200)
    expect((await b.get('/JSON/list/flat')).list).toHaveLength(6)
  })

  it('redacts the api key in the journal', async () => {
    const ok = client(door, door.workspace('jr'))
    await ok.get('/JSON/counter')
    const [entry] = (await ok.control.requests({ vendor: 'okdokument' })).items
    expect(entry.headers['x-api-key']).toBe('[redacted]')
    expect(JSON.stringify(entry)).not.toContain(K)
  })

  it('reset restores the fixtures', async () => {
    const ok = client(door, door.workspace('rs'))
    await ok.call('DELETE', `/JSON/signatureRequest/${SR.SR1}`)
    await ok.control.reset()
    expect((await ok.patch({ signatureRequestId: SR.SR1 })).status).toBe(200)
  })
})

describe('okdokument determinism', () => {
  const run = async () => {
    const sb = createSandbox({ seed: 7, clock: '2026-01-15T09:00:00Z' })
    const out: string[] = []
    const req = async (method: string, path: string, body?: unknown, key = K) => {
      const res = await sb.app.request(`http://localhost/ws/det/okdokument${path}`, {
        method,
        headers: { 'x-api-key': key, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      out.push(`${res.status} ${await res.text()}`)
    }
    await req('POST', '/JSON/signatureRequest', { filedata: { content: PDF } })
    await req('POST', '/JSON/document', { file: PDF })
    await req('GET', '/JSON/list/flat?state=*')
    await req('GET', '/JSON/counter')
    await req('GET', `/JSON/document/metadata/${D.D7}`, undefined, KX)
    return out
  }
  it('gives byte-identical responses for the same seed, clock and requests', async () => {
    const [a, b] = [await run(), await run()]
    expect(a).toEqual(b)
    expect(a[3]).toContain('"files":{"2026.1.abc":"8"}')
  })
})
