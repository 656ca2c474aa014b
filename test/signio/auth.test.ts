import { describe, expect, it } from 'vitest'
import { eachDoor } from '../helpers/doors.js'
import { DATETIME, EN_OK, ES_OK, FX, list, PASSWORD, Signio, str } from './helpers.js'

eachDoor('signio auth (§6.1, §6.21, §2.1)', (door) => {
  const client = (token = '') => new Signio(door, door.workspace('sg-auth'), token)

  describe('§6.1 Generar Token', () => {
    it('item 1: valid credentials → token, 00', async () => {
      const r = await client().post('/token/crear', { email: 'api@signio.test', password: PASSWORD })
      expect(r.status).toBe(200)
      expect(Object.keys(r.body)).toEqual(['token', 'codigo', 'mensaje'])
      expect(r.body).toMatchObject(ES_OK)
      expect(str(r, 'token')).toMatch(/^[A-Za-z0-9]{64}$/)
      expect(r.type).toBe('application/json; charset=utf-8')
    })

    it('email is matched case-insensitively; the token works', async () => {
      const c = client()
      const r = await c.post('/token/crear', { email: 'API@Signio.test', password: PASSWORD })
      c.token = str(r, 'token')
      expect((await c.get('/tags/listar')).status).toBe(200)
    })

    it('item 2: wrong password or unknown email → 401 01', async () => {
      for (const body of [
        { email: 'api@signio.test', password: 'wrong-password' },
        { email: 'nadie@signio.test', password: PASSWORD },
      ]) {
        const r = await client().post('/token/crear', body)
        expect(r.status).toBe(401)
        expect(r.body).toEqual({ codigo: '01', mensaje: 'token invalido' })
      }
    })

    it('items 3–5: inactive user 02, inactive client 03, falla 04', async () => {
      const cases = [
        ['inactivo@signio.test', 403, '02', 'usuario inactivo'],
        ['usuario@cliente-inactivo.test', 403, '03', 'cliente inactivo'],
        ['falla@signio.test', 500, '04', 'error interno'],
      ] as const
      for (const [email, status, codigo, mensaje] of cases) {
        const r = await client().post('/token/crear', { email, password: PASSWORD })
        expect(r.status).toBe(status)
        expect(r.body).toEqual({ codigo, mensaje })
      }
    })

    it('credentials are checked before user status: wrong password for an inactive user → 01', async () => {
      const r = await client().post('/token/crear', { email: 'inactivo@signio.test', password: 'x' })
      expect(r.body.codigo).toBe('01')
    })

    it('item 6: malformed JSON → 422 05 with the JSON message; missing fields → required', async () => {
      const r = await client().post('/token/crear', '{"email":')
      expect(r.status).toBe(422)
      expect(r.body).toEqual({
        codigo: '05',
        mensaje: 'contenido no procesable',
        errores: ['El cuerpo de la solicitud no es un JSON válido.'],
      })
      const m = await client().post('/token/crear', {})
      expect(m.body.errores).toEqual(['El campo email es obligatorio.', 'El campo password es obligatorio.'])
    })

    it('accepts a form-urlencoded body', async () => {
      const r = await client().raw('/api/v2/token/crear', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'email=api%40signio.test&password=Signio%232024',
      })
      expect(r.status).toBe(200)
    })
  })

  describe('§2.1 bearer tokens', () => {
    it('item 7: no header, Bearer nope, expired fixture token → 401 01 (before the body)', async () => {
      for (const token of ['', 'nope', 'signio-fixture-token-expired']) {
        const r = await client(token).post('/transacciones/listar', '{"estado":')
        expect(r.status).toBe(401)
        expect(r.body).toEqual({ codigo: '01', mensaje: 'token invalido' })
      }
    })

    it('other schemes and empty tokens → 01; scheme word is case-insensitive', async () => {
      const c = client()
      for (const h of ['Basic abc', 'Bearer', 'Token signio-fixture-token-demo']) {
        const r = await c.raw('/api/v2/tags/listar', { headers: { authorization: h } })
        expect(r.body.codigo).toBe('01')
      }
      const ok = await c.raw('/api/v2/tags/listar', { headers: { authorization: '  bEaReR   signio-fixture-token-demo  ' } })
      expect(ok.status).toBe(200)
    })

    it('item 8: fixture tokens of an inactive user → 02, of an inactive client → 03', async () => {
      const u = await client('signio-fixture-token-usuario-inactivo').get('/tags/listar')
      expect(u.status).toBe(403)
      expect(u.body).toEqual({ codigo: '02', mensaje: 'usuario inactivo' })
      const cl = await client('signio-fixture-token-cliente-inactivo').get('/tags/listar')
      expect(cl.status).toBe(403)
      expect(cl.body).toEqual({ codigo: '03', mensaje: 'cliente inactivo' })
    })

    it('EN services answer 01 in their family', async () => {
      const r = await client('nope').get('/templates')
      expect(r.status).toBe(401)
      expect(r.body).toEqual({ code: '01', message: 'token invalido' })
    })

    it('item 37: a token from workspace A is unknown in workspace B', async () => {
      const a = client()
      await a.login()
      const b = new Signio(door, door.workspace('sg-auth-b'), a.token)
      expect((await a.get('/tags/listar')).status).toBe(200)
      const r = await b.get('/tags/listar')
      expect(r.status).toBe(401)
      expect(r.body.codigo).toBe('01')
    })
  })

  describe('§6.21 Autenticación', () => {
    it('item 34: multi user → one token per active client; tokens are scoped to their client', async () => {
      const c = client()
      const r = await c.post('/auth/login', { email: 'multi@signio.test', password: PASSWORD })
      expect(r.status).toBe(200)
      expect(Object.keys(r.body)).toEqual(['tokens', 'code', 'message'])
      expect(r.body).toMatchObject(EN_OK)
      const tokens = list<{ token: string; tenant: string; expires_at: string }>(r, 'tokens')
      expect(tokens.map((t) => t.tenant)).toEqual(['legops-demo', 'legops-filial'])
      for (const t of tokens) {
        expect(t.token).toMatch(/^[A-Za-z0-9]{64}$/)
        expect(t.expires_at).toMatch(DATETIME)
      }
      const filial = new Signio(door, c.ws, tokens[1].token)
      const ids = list<{ id_transaccion: string }>(await filial.post('/transacciones/listar', {}), 'transacciones').map(
        (t) => t.id_transaccion,
      )
      expect(ids).toContain(`${FX}000000000101`)
      expect(ids).not.toContain(`${FX}000000000001`)
      // Another client's ids are unknown (06).
      expect((await filial.gestionar(`${FX}000000000001`)).status).toBe(404)
    })

    it('ignores any Authorization header', async () => {
      const r = await client('nope').post('/auth/login', { email: 'api@signio.test', password: PASSWORD })
      expect(r.status).toBe(200)
      expect(list(r, 'tokens')).toHaveLength(1)
    })

    it('item 34: wrong password 01, inactive user 02, inactive client 03, falla 04, bad ttl 05', async () => {
      const cases = [
        [{ email: 'api@signio.test', password: 'wrong-password' }, 401, { code: '01', message: 'token invalido' }],
        [{ email: 'inactivo@signio.test', password: PASSWORD }, 403, { code: '02', message: 'usuario inactivo' }],
        [{ email: 'usuario@cliente-inactivo.test', password: PASSWORD }, 403, { code: '03', message: 'cliente inactivo' }],
        [{ email: 'falla@signio.test', password: PASSWORD }, 500, { code: '04', message: 'error interno' }],
        [
          { email: 'api@signio.test', password: PASSWORD, ttl: 0 },
          422,
          { code: '05', message: 'contenido no procesable', errors: ['El campo ttl no es válido.'] },
        ],
      ] as const
      for (const [body, status, expected] of cases) {
        const r = await client().post('/auth/login', body)
        expect(r.status).toBe(status)
        expect(r.body).toEqual(expected)
      }
    })
  })

  describe('item 41: token lifetimes on the sandbox clock', () => {
    it('a §6.1 token is refused 121 minutes later; a §6.21 token with ttl 5 after 6 minutes', async () => {
      const c = client()
      const ctl = door.control(c.ws)
      await c.login()
      const short = new Signio(
        door,
        c.ws,
        list<{ token: string }>(await c.post('/auth/login', { email: 'api@signio.test', password: PASSWORD, ttl: 5 }), 'tokens')[0].token,
      )
      expect((await short.get('/templates')).status).toBe(200)
      await ctl.advanceClock(6 * 60_000)
      const expired = await short.get('/templates')
      expect(expired.status).toBe(401)
      expect(expired.body).toEqual({ code: '01', message: 'token invalido' })
      expect((await c.get('/tags/listar')).status).toBe(200)
      await ctl.advanceClock(7_260_000 - 6 * 60_000)
      const r = await c.get('/tags/listar')
      expect(r.status).toBe(401)
      expect(r.body.codigo).toBe('01')
    })
  })
})
