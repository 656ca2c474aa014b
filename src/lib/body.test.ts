import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { SandboxEnv } from './context.js'
import { readFormParts } from './body.js'
import { BodyTooLargeError } from './vendor-error.js'

/** A route that answers what readFormParts made of the body, read with the `?limit=` given. */
const app = new Hono<SandboxEnv>()
app.post('/', async (c) => {
  c.set('sb', {
    requestId: 't',
    workspaceId: 'default',
    wsChosen: 'default',
    origin: 'http://localhost',
    rooted: false,
    base: 'http://localhost',
    started: 0,
  })
  try {
    const parts = await readFormParts(c, Number(c.req.query('limit')))
    return c.json(
      parts?.map((p) => (typeof p.value === 'string' ? [p.name, p.value] : [p.name, p.value.filename, p.value.bytes.length])) ?? null,
    )
  } catch (err) {
    return c.json({ tooLarge: err instanceof BodyTooLargeError })
  }
})

describe('readFormParts', () => {
  it('gives text fields and files in body order', async () => {
    const form = new FormData()
    form.append('a', '1')
    form.append('file', new File([new Uint8Array([1, 2, 3])], 'x.pdf'))
    form.append('a', '2')
    const res = await app.request('/?limit=1000', { method: 'POST', body: form })
    expect(await res.json()).toEqual([
      ['a', '1'],
      ['file', 'x.pdf', 3],
      ['a', '2'],
    ])
  })

  it('answers undefined for a malformed body and throws BodyTooLargeError over the limit', async () => {
    const headers = { 'content-type': 'multipart/form-data; boundary=zz' }
    expect(await (await app.request('/?limit=64', { method: 'POST', headers, body: 'not multipart' })).json()).toBeNull()
    expect(await (await app.request('/?limit=64', { method: 'POST', headers, body: 'x'.repeat(65) })).json()).toEqual({ tooLarge: true })
  })
})
