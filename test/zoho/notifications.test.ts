import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eachDoor, type Door } from '../helpers/doors.js'
import { startReceiver, type Receiver } from '../helpers/receiver.js'
import { createSandbox } from '../../src/index.js'
import { at, str } from '../helpers/json.js'
import { CLOCK, READY, client, data, form, multipart, tinyPdf, uniq, emails } from './helpers.js'

/** Webhook retries and auto-disable (spec §9.3), automatic reminders (§8.1), determinism. */

function suite(door: Door) {
  let receiver: Receiver
  beforeAll(async () => {
    receiver = await startReceiver('/failing')
    receiver.respond(500)
  })
  afterAll(() => receiver.close())

  it('3 attempts per event; 10 failed events warn, 20 disable the webhook', async () => {
    const ws = door.workspace('zoho-hookfail')
    const c = client(door, ws)
    const hook = await c.api('/accounts/webhooks', form({ webhook_url: receiver.url, webhook_actions: 'Sent', purpose: 'failing' }))
    const id = str(at(hook.body, 'webhook', 'webhook_id'))
    for (let i = 0; i < 20; i++) await c.sent(uniq(`fail ${i}`), [{ name: 'Fay', email: 'fay@example.test' }])
    await c.control.flushOutbox()
    const deliveries = (await c.control.outbox({ type: 'webhook' })).items
    expect(deliveries).toHaveLength(20)
    for (const d of deliveries) {
      expect(d.type === 'webhook' && d.state).toBe('failed')
      expect(d.type === 'webhook' && d.attempts.map((a) => a.status)).toEqual([500, 500, 500])
    }
    expect(at((await c.api(`/accounts/webhooks/${id}`)).body, 'webhook', 'webhook_status')).toBe('Inactive')
    const kinds = (await emails(c.control)).map((e) => e.kind)
    expect(kinds).toContain('webhook_warning')
    expect(kinds).toContain('webhook_disabled')
    await c.sent(uniq('after disable'), [{ name: 'Fay', email: 'fay@example.test' }])
    expect((await c.control.outbox({ type: 'webhook' })).items).toHaveLength(20)
  }, 20_000)

  it('§9.3: only HTTP 200 counts; a 204 is a failed attempt (3 attempts, then failed)', async () => {
    const noContent = await startReceiver('/no-content')
    try {
      noContent.respond(204)
      const ws = door.workspace('zoho-hook204')
      const c = client(door, ws)
      await c.api('/accounts/webhooks', form({ webhook_url: noContent.url, webhook_actions: 'Sent', purpose: '204' }))
      await c.sent(uniq('no content'), [{ name: 'Fay', email: 'fay@example.test' }])
      await c.control.flushOutbox()
      const [d] = (await c.control.outbox({ type: 'webhook' })).items
      expect(d.type === 'webhook' && d.state).toBe('failed')
      expect(d.type === 'webhook' && d.attempts.map((a) => a.status)).toEqual([204, 204, 204])
    } finally {
      await noContent.close()
    }
  })

  it('automatic reminders every reminder_period days on the sandbox clock', async () => {
    const ws = door.workspace('zoho-remind')
    const c = client(door, ws)
    const r = await c.sent(uniq('auto remind'), [{ name: 'Rae', email: 'rae@example.test' }], { email_reminders: true, reminder_period: 2 })
    await c.control.advanceClock(2 * 86_400_000 + 1000)
    const reminders = (await emails(c.control)).filter((e) => e.kind === 'reminder' && e.request_id === r.request_id)
    expect(reminders).toHaveLength(1)
    expect(reminders[0].to).toBe('rae@example.test')
  })
}

eachDoor('zoho notifications', suite, { clock: CLOCK })

describe('zoho determinism', () => {
  it('same seed, frozen clock and requests → byte-identical replies', async () => {
    const run = async () => {
      const sb = createSandbox({ seed: 7, clock: CLOCK })
      const h = { authorization: `Zoho-oauthtoken ${READY}` }
      const init = multipart([['d.pdf', await tinyPdf()]], {
        data: data({ requests: { request_name: 'det', actions: [{ recipient_name: 'D', recipient_email: 'd@example.test' }] } }),
      })
      const created = await sb.app.request('http://localhost/ws/det/zoho/api/v1/requests', { ...init, headers: h })
      const text = await created.text()
      const list = await (await sb.app.request('http://localhost/ws/det/zoho/api/v1/requests', { headers: h })).text()
      const pdf = new Uint8Array(
        await (await sb.app.request(`http://localhost/ws/det/zoho/api/v1/requests/2000000489191/pdf`, { headers: h })).arrayBuffer(),
      )
      return [text, list, Buffer.from(pdf).toString('base64')]
    }
    expect(await run()).toEqual(await run())
  })
})
