import { expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import type { EmailEntry } from '../../src/lib/outbox-types.js'
import { at, objs } from '../helpers/json.js'
import { client, controlPickupBase, expectEmpty, expectOk, FROZEN, pickupBase, T1 } from './helpers.js'

const HOST = 'https://esign.acme.test'

eachDoor(
  'tranadmin on a configured ESF host (spec §1, §7.4)',
  (door) => {
    it('pickup URLs and the email sender name the configured host, whichever door is used', async () => {
      const ws = door.workspace('ta-host')
      const c = client(door, ws)
      const x = expectOk(await c.status(T1), 'GetStatus', T1)
      expect(objs(at(x, 'transaction', 'parties', 'party'))[1].pickupUrl).toBe(`${pickupBase(door, ws, HOST)}/demo/P/T1Employee0000000002`)
      expectOk(await c.renotify(T1, { ESFPARTY: 'Employee' }), 'RenotifyParty', T1)
      await door.control(ws).simulate('tranadmin', 'party-complete', { tid: T1, party: 'Employee', webapp: 'hr' })
      const mails = (await door.control(ws).outbox({ vendor: 'tranadmin', type: 'email' })).items as EmailEntry[]
      expect(mails.map((m) => m.from)).toEqual(['no-reply@esign.acme.test', 'no-reply@esign.acme.test', 'no-reply@esign.acme.test'])
      // The in-process control call hands out links rooted at the real host, naming the workspace.
      expect(mails[0].links[0]).toMatch(new RegExp(`^${controlPickupBase(ws, HOST)}/hr/P/[A-Za-z0-9]{20}$`))
    })

    it('HEAD and OPTIONS are not GET or POST: empty 405', async () => {
      const c = client(door, door.workspace('ta-host'))
      for (const method of ['OPTIONS', 'HEAD']) {
        const r = await c.call('GetStatus', {}, { method })
        expectEmpty(r, 405)
        expect(r.headers.get('allow')).toBe('GET, POST')
      }
    })
  },
  { clock: FROZEN, hosts: { tranadmin: [HOST] } },
)
