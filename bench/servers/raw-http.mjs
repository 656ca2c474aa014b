// Peer: raw node:http answering the recorded replies' bytes (the floor: no framework at all).
// Usage: node bench/servers/raw-http.mjs <replies.json>
import { createServer } from 'node:http'
import { readReplies } from '../lib/reply.mjs'

const routes = new Map(
  readReplies(process.argv[2]).map((r) => [
    `${r.method} ${r.path}`,
    { ...r, headers: { ...r.headers, 'content-length': String(r.body.byteLength) } },
  ]),
)
const server = createServer((req, res) => {
  req.resume()
  const q = req.url.indexOf('?')
  const reply = routes.get(`${req.method} ${q < 0 ? req.url : req.url.slice(0, q)}`)
  if (!reply) {
    res.writeHead(404)
    res.end()
    return
  }
  res.writeHead(reply.status, reply.headers)
  res.end(reply.body)
})
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`))
