import { describe, expect, it } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { listening } from '../helpers/doors.js'
import { connect } from '../../src/sandbox/client.js'
import type { EmailEntry } from '../../src/lib/outbox-types.js'
import { T1 } from './helpers.js'

/** Over real TCP the control plane's origin is the sandbox's own; pickup links must still name the ESF host. */
const sandbox = createSandbox({ seed: 1, clock: '2026-03-01T12:00:00Z' })
const server = await listening(sandbox, { host: '127.0.0.1' })

describe('tranadmin over a real HTTP server', () => {
  it('simulate activation emails link to the ESF host; empty answers carry no Content-Type', async () => {
    const ctl = connect(server.url, { workspace: 'ta-tcp' })
    await ctl.simulate('tranadmin', 'party-complete', { tid: T1, party: 'Employee' })
    const mails = (await ctl.outbox({ vendor: 'tranadmin', type: 'email' })).items as EmailEntry[]
    expect(mails.map((m) => m.links[0])).toEqual([
      expect.stringMatching(/^https:\/\/esf\.example\.test\/demo\/P\/[A-Za-z0-9]{20}$/),
      expect.stringMatching(/^https:\/\/esf\.example\.test\/demo\/P\//),
    ])
    const res = await fetch(`${server.url}/ws/ta-tcp/openesignforms/demo/tranadmin/GetStatus`, {
      method: 'POST',
      body: new URLSearchParams({ ESFLOGINUSER: 'ghost@example.com' }),
    })
    expect(res.status).toBe(403)
    expect(res.headers.get('content-type')).toBeNull()
    expect(await res.text()).toBe('')
  })
})
