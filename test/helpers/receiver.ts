import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A real HTTP receiver on 127.0.0.1 for webhooks and callbacks. */
export interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

export interface Receiver {
  url: string
  received: Received[]
  /** Status for the next requests (a function of the attempt number, 1-based). */
  respond(status: number | ((n: number) => number)): void
  close(): Promise<void>
}

export async function startReceiver(path = '/hook'): Promise<Receiver> {
  const received: Received[] = []
  let status: number | ((n: number) => number) = 200
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
      res.statusCode = typeof status === 'function' ? status(received.length) : status
      res.end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    respond: (s) => {
      status = s
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}
