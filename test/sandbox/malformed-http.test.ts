import { connect } from 'node:net'
import { Agent, request } from 'node:http'
import { describe, expect, it, vi } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { createApp } from '../../src/app.js'
import { createRuntime } from '../../src/runtime.js'
import { allVendors } from '../../src/mocks/index.js'
import { startServer } from '../../src/server.js'
import { listening } from '../helpers/doors.js'

/**
 * What reaches the socket but not the router (issue 12 items 3 and 5; sandbox.md §10): requests Node
 * accepts but the URL parser refuses get the vendor's own envelope; malformed HTTP gets a status line
 * before the close; a client that goes away mid-request is journaled as aborted, with no error logged.
 */
const sandbox = createSandbox({ seed: 1 })
const server = await listening(sandbox)

/** Writes raw bytes on a new connection; resolves with everything the server sent before closing. */
function raw(text: string | Buffer, port = Number(new URL(server.url).port)): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1', () => sock.write(text))
    let out = ''
    sock.on('data', (d: Buffer) => (out += d.toString('latin1')))
    sock.on('close', () => resolve(out))
    sock.on('error', () => resolve(out))
    setTimeout(() => sock.end(), 1500)
  })
}
const statusOf = (reply: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(reply)?.[1] ?? 0)
const bodyOf = (reply: string) => reply.slice(reply.indexOf('\r\n\r\n') + 4)

describe('requests Node accepts but the URL parser cannot take', () => {
  it('a backslash in a Signio path → Signio’s own not-found envelope', async () => {
    const reply = await raw('GET /signio/api/v2\\transacciones HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    expect(statusOf(reply)).toBe(404)
    expect(bodyOf(reply)).toContain('"codigo":"06"')
  })

  it('a backslash in a tranadmin path → tranadmin’s empty 404', async () => {
    const reply = await raw('GET /openesignforms/demo\\tranadmin/GetStatus HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')
    expect(statusOf(reply)).toBe(404)
    expect(reply.toLowerCase()).toContain('content-length: 0')
  })

  it('an odd Host header still gets the vendor’s answer', async () => {
    const reply = await raw('GET /signio/api/v2/nope HTTP/1.1\r\nHost: exa mple\r\nConnection: close\r\n\r\n')
    expect(statusOf(reply)).toBe(404)
    expect(bodyOf(reply)).toContain('"codigo":"06"')
  })
})

describe('malformed HTTP gets a status line before the close', () => {
  it('an oversized header → 431', async () => {
    const reply = await raw(`GET /__sandbox/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
    expect(statusOf(reply)).toBe(431)
  })

  it('an oversized URL → 414', async () => {
    const reply = await raw(`GET /signio/${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
    expect(statusOf(reply)).toBe(414)
  })

  it('bad chunking → 400', async () => {
    const reply = await raw(
      'POST /signio/api/v2/token/crear HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
    )
    expect(statusOf(reply)).toBe(400)
  })

  it('Content-Length with Transfer-Encoding → 400', async () => {
    const reply = await raw(
      'POST /signio/api/v2/token/crear HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    )
    expect(statusOf(reply)).toBe(400)
  })

  it('a request that times out → 408', async () => {
    const rt = createRuntime(allVendors, { seed: 1 }, 'test')
    const slow = await startServer(rt, createApp(rt), { port: 0, timeouts: { headersMs: 300, requestMs: 300, checkEveryMs: 100 } })
    try {
      const reply = await raw('GET /__sandbox/health HTTP/1.1\r\nHost: 127.0.0.1\r\n', slow.port)
      expect(statusOf(reply)).toBe(408)
    } finally {
      await slow.close()
    }
  })
})

describe('a client that goes away mid-request', () => {
  it('is journaled as aborted, and nothing is logged as an error', async () => {
    const errors = vi.spyOn(console, 'error')
    try {
      const port = Number(new URL(server.url).port)
      await new Promise<void>((resolve) => {
        const sock = connect(port, '127.0.0.1', () => {
          sock.write(
            'POST /ws/abort-1/signio/api/v2/token/crear HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"email":',
          )
          setTimeout(() => sock.destroy(), 150)
        })
        sock.on('close', () => resolve())
        sock.on('error', () => undefined)
      })
      let entry: { status: number; aborted?: boolean } | undefined
      for (let i = 0; i < 40 && !entry; i++) {
        await new Promise((r) => setTimeout(r, 50))
        entry = (await sandbox.control.workspace('abort-1').requests()).items[0]
      }
      expect(entry).toMatchObject({ aborted: true, status: 0 })
      expect(errors).not.toHaveBeenCalled()
    } finally {
      errors.mockRestore()
    }
  })

  it('a keep-alive client aborting one request leaves the server answering the next', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      const aborted = new Promise<void>((resolve) => {
        const req = request(new URL('/signio/api/v2/token/crear', server.url), {
          method: 'POST',
          agent,
          headers: { 'content-length': 100_000 },
        })
        req.on('error', () => resolve())
        req.write('{"email":')
        setTimeout(() => req.destroy(), 100)
      })
      await aborted
      const health = await fetch(`${server.url}/__sandbox/health`)
      expect(health.status).toBe(200)
    } finally {
      agent.destroy()
    }
  })
})
