// The comparison point of the throughput bar: a bare @hono/node-server route returning the same bytes.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const body = process.argv[2]
const app = new Hono()
app.get('/record', (c) => c.body(body, 200, { 'content-type': 'application/json' }))
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(`listening on http://127.0.0.1:${info.port}`))
