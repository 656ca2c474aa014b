// Peer: a bare @hono/node-server app, one route per recorded reply answering its bytes
// (the throughput bar's yardstick). Usage: node bench/servers/bare-hono.mjs <replies.json>
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { readReplies } from '../lib/reply.mjs'

const app = new Hono()
for (const reply of readReplies(process.argv[2])) app.on(reply.method, reply.path, (c) => c.body(reply.body, reply.status, reply.headers))
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening on http://127.0.0.1:${info.port}`))
