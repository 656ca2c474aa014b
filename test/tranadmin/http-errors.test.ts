import { expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { A, client, expectEmpty, expectOk, expectXmlError, form, FROZEN, NOWHERE, PREFIX, T1, T3 } from './helpers.js'

eachDoor(
  'tranadmin HTTP-level errors and check order (spec §5, §9.1, §13, §16 items 37–44)',
  (door) => {
    const setup = () => {
      const ws = door.workspace('ta-http')
      return { ws, c: client(door, ws) }
    }
    const login = (user: string, password = 'secure') => ({ ESFLOGINUSER: user, ESFLOGINPASSWORD: password })

    it('37: not authenticated or not permitted → empty 403', async () => {
      const { c } = setup()
      const cases: Record<string, string>[] = [
        {},
        { ESFLOGINUSER: 'apiuser@example.com', ESFTID: T1 },
        { ...login('apiuser@example.com', 'wrong'), ESFTID: T1 },
        { ...login('apiuser@example.com', 'SECURE'), ESFTID: T1 },
        { ...login('ghost@example.com'), ESFTID: T1 },
        { ...login('disabled.api@example.com'), ESFTID: T1 },
        { ...login('update.api@example.com'), ESFTID: T1 },
        { ...login('payroll.one@example.com'), ESFTID: T1 },
        { ...login('hr.api@example.com'), ESFTID: T3 },
      ]
      for (const params of cases)
        for (const call of ['GetStatus', 'GetDocumentSnapshot', 'RenotifyParty']) expectEmpty(await c.call(call, params), 403)
      expectOk(await c.call('GetStatus', { ...login('hr.api@example.com'), ESFTID: T1 }), 'GetStatus', T1)
      expectOk(await c.call('GetStatus', { ...login('APIUSER@Example.COM'), ESFTID: T1 }), 'GetStatus', T1)
    })

    it('38: illegal or unknown ESFTID, unknown calls and illegal names → empty 404', async () => {
      const { c } = setup()
      expectEmpty(await c.call('GetStatus', A), 404)
      expectEmpty(await c.status('not-a-uuid'), 404)
      expectEmpty(await c.status(NOWHERE), 404)
      expectEmpty(await c.status(`${T1}x`), 404)
      expectEmpty(await c.call('GetFoo', { ...A, ESFTID: T1 }), 404)
      expectEmpty(await c.call('getstatus', { ...A, ESFTID: T1 }), 404)
      expectEmpty(await c.call('GETSTATUS', { ...A, ESFTID: T1 }), 404)
      expectEmpty(await c.status(T1, { ESFDOCUMENT: 'Bad Name' }), 404)
      expectEmpty(await c.status(T1, { ESFPARTY: '9lives' }), 404)
      expectEmpty(await c.status(T1, { ESFPARTY: 'x'.repeat(51) }), 404)
      expectEmpty(await c.snapshot(T1, { ESFDOCUMENT: 'Bad Name', FORMAT: 'HTML' }), 404)
      expectEmpty(await c.snapshot(T1, { ESFPARTY: 'a@b.com', FORMAT: 'HTML' }), 404)
      expectEmpty(await c.renotify(T1, { ESFPARTY: 'bad@' }), 404)
      expectEmpty(await c.renotify(T1, { ESFPARTY: '9lives' }), 404)
    })

    it('38b: other paths under the prefix, trailing slashes, extra segments and bad webapps → empty 404', async () => {
      const { ws } = setup()
      const init = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form({ ...A, ESFTID: T1 }) }
      for (const path of [
        '/demo/tranadmin/GetStatus/',
        '/demo/tranadmin/GetStatus/x',
        '/a/b/tranadmin/GetStatus',
        '/.hidden/tranadmin/GetStatus',
        `/${'w'.repeat(65)}/tranadmin/GetStatus`,
        '/demo/tranadmin',
        '/demo',
        '/',
      ]) {
        const r = await door.fetch(PREFIX, path, ws, init)
        expect(r.status, path).toBe(404)
        expect(await r.text()).toBe('')
        expect(r.headers.get('content-type')).toBeNull()
      }
    })

    it('39: check order — 403 before 404, 404 before the permission check, permission before names', async () => {
      const { c } = setup()
      expectEmpty(await c.call('GetStatus', { ...login('apiuser@example.com', 'wrong'), ESFTID: NOWHERE }), 403)
      expectEmpty(await c.call('GetStatus', { ...login('update.api@example.com'), ESFTID: NOWHERE }), 404)
      expectEmpty(await c.call('GetStatus', { ...login('update.api@example.com'), ESFTID: T1, ESFDOCUMENT: 'Bad Name' }), 403)
      expectEmpty(await c.call('GetDocumentSnapshot', { ...login('update.api@example.com'), ESFTID: T1, FORMAT: 'DOCX' }), 403)
    })

    it('40: other methods → empty 405 with Allow: GET, POST', async () => {
      const { c } = setup()
      for (const method of ['PUT', 'DELETE', 'PATCH']) {
        const r = await c.call('GetStatus', { ...A, ESFTID: T1 }, { method })
        expectEmpty(r, 405)
        expect(r.headers.get('allow')).toBe('GET, POST')
      }
    })

    it('40b: a forced error comes before the method check (§5, 1a before 2)', async () => {
      const { c } = setup()
      expectEmpty(
        await c.call('GetStatus', { ...A, ESFTID: T1 }, { method: 'PUT', headers: { 'x-sandbox-error': 'tranadmin.system_error' } }),
        503,
      )
    })

    it('41: a JSON body is not read (403); a broken escape drops the pair (404)', async () => {
      const { c } = setup()
      expectEmpty(
        await c.call('GetStatus', {}, { body: JSON.stringify({ ...A, ESFTID: T1 }), headers: { 'content-type': 'application/json' } }),
        403,
      )
      expectEmpty(
        await c.call('GetStatus', {}, { body: `${form(A)}&ESFTID=%zz`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        404,
      )
      expectEmpty(await c.call('GetStatus', {}, { body: form({ ...A, ESFTID: T1 }), headers: { 'content-type': 'text/plain' } }), 403)
      expectEmpty(
        await c.call(
          'GetStatus',
          {},
          {
            body: `--x\r\nContent-Disposition: form-data; name="ESFLOGINUSER"\r\n\r\napiuser@example.com\r\n--x--`,
            headers: { 'content-type': 'multipart/form-data; boundary=x' },
          },
        ),
        403,
      )
    })

    it('42: X-Sandbox-Error system_error → empty 503 and no email', async () => {
      const { ws, c } = setup()
      const headers = { 'x-sandbox-error': 'tranadmin.system_error' }
      expectEmpty(await c.status(T1, {}, { headers }), 503)
      expectEmpty(await c.renotify(T1, { ESFPARTY: 'Employee' }, { headers }), 503)
      expect((await door.control(ws).outbox({ vendor: 'tranadmin' })).count).toBe(0)
    })

    it('43: forced 403 even with valid login; a forced XML id renders the XML error with the sample values', async () => {
      const { c } = setup()
      expectEmpty(await c.status(T1, {}, { headers: { 'x-sandbox-error': 'tranadmin.not_authenticated' } }), 403)
      const r = await c.status(T1, {}, { headers: { 'x-sandbox-error': 'tranadmin.no_such_party' } })
      expect(expectXmlError(r, 'GetStatus', ['NO_SUCH_PARTY'])).toEqual(['No such party: Nobody.'])
      expect(r.x.tid).toBe(T1)
      const noTid = await c.call('RenotifyParty', {}, { headers: { 'x-sandbox-error': 'tranadmin.transaction_not_notifiable' } })
      expect(expectXmlError(noTid, 'RenotifyParty', ['TRANSACTION_NOT_NOTIFIABLE'])).toEqual([
        'Transaction is Canceled; parties cannot be notified.',
      ])
      expect(noTid.x.tid).toBeUndefined()
      const r405 = await c.status(T1, {}, { headers: { 'x-sandbox-error': 'tranadmin.method_not_allowed' } })
      expectEmpty(r405, 405)
      expect(r405.headers.get('allow')).toBe('GET, POST')
      expectEmpty(await c.status(T1, {}, { headers: { 'x-sandbox-error': 'tranadmin.payload_too_large' } }), 413)
    })

    it('43b: every catalogue id can be forced, each with its catalogue status and message', async () => {
      const { ws, c } = setup()
      const { items } = await door.control(ws).errors('tranadmin')
      for (const e of items) {
        const r = await c.status(T1, {}, { headers: { 'x-sandbox-error': e.id } })
        expect(r.status, e.id).toBe(e.http_status)
        if (e.http_status === 200) expect(expectXmlError(r, 'GetStatus', [String(e.code)])).toEqual([e.message])
        else expectEmpty(r, e.http_status)
      }
    })

    it('44: a fault rule fires once (503), then the call works; DELETE clears the rules', async () => {
      const { ws, c } = setup()
      const ctl = door.control(ws)
      await ctl.addFault({ vendor: 'tranadmin', method: 'POST', error: 'tranadmin.system_error', times: 1 })
      expectEmpty(await c.status(T1), 503)
      expectOk(await c.status(T1), 'GetStatus', T1)
      await ctl.addFault({ vendor: 'tranadmin', path: '/tranadmin/:call', error: 'tranadmin.no_such_document' })
      expectOk(await c.status(T1), 'GetStatus', T1)
      expectXmlError(await c.status(T1, {}, { webapp: null }), 'GetStatus', ['NO_SUCH_DOCUMENT'])
      await ctl.deleteFault()
      expect((await ctl.faults()).count).toBe(0)
      expectOk(await c.status(T1, {}, { webapp: null }), 'GetStatus', T1)
      await ctl.addFault({ vendor: 'tranadmin', path: '/:webapp/tranadmin/:call', error: 'tranadmin.not_permitted', times: 1 })
      expectOk(await c.status(T1, {}, { webapp: null }), 'GetStatus', T1)
      expectEmpty(await c.status(T1), 403)
      expectOk(await c.status(T1), 'GetStatus', T1)
    })

    it('§13: bad bytes never crash: invalid UTF-8, NUL and control characters are escaped per §6', async () => {
      const { c } = setup()
      const body = `${form({ ...A, ESFTID: T1 })}&FORMAT=%00%C3%28%1F%EF%BF%BE]]>`
      const r = await c.call('GetDocumentSnapshot', {}, { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
      const [text] = expectXmlError(r, 'GetDocumentSnapshot', ['UNEXPECTED_FORMAT'])
      expect(r.text).toContain('Unexpected FORMAT value "\uFFFD\uFFFD(\uFFFD\uFFFD]]&gt;"')
      expect(text).toContain(']]>')
      expect(r.text).not.toContain('CDATA')
    })

    it('§13: duplicates — first wins; blank values count as missing; unknown params ignored', async () => {
      const { c } = setup()
      expectOk(
        await c.call(
          'GetStatus',
          {},
          {
            body: `${form(A)}&ESFTID=${T1}&ESFTID=${NOWHERE}&UNKNOWN=1&FORMAT=DOCX&esftid=x`,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          },
        ),
        'GetStatus',
        T1,
      )
      expectEmpty(
        await c.call(
          'GetStatus',
          {},
          { body: `${form(A)}&ESFTID=+++&ESFTID=${T1}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        ),
        404,
      )
      expectOk(await c.status(T1, { ESFDOCUMENT: '  ', ESFPARTY: '' }), 'GetStatus', T1)
      expectOk(await c.status(T1, { ESFPARTY: '  Employee ' }), 'GetStatus', T1)
    })

    // Spec item 51: not part of the black-box suite (a client may see a reset); under MSW the oversized upload stalls, so app door only.
    it('51: a body over 2 MiB → empty 413, and the sandbox stays healthy', async () => {
      const { c } = setup()
      const big = `${form({ ...A, ESFTID: T1 })}&PAD=${'x'.repeat(2 * 1024 * 1024)}`
      expectEmpty(await c.call('GetStatus', {}, { body: big, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 413)
      expectOk(await c.status(T1), 'GetStatus', T1)
    })
  },
  { clock: FROZEN },
)
