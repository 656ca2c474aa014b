import type { Door } from '../helpers/doors.js'

/** A small Signio client over one door and workspace, for the contract suites. */

export const PREFIX = '/signio'
export const API = '/api/v2'
export const FX = '5f1c0c9e-8a4b-4c1d-9e2f-'
export const PASSWORD = 'Signio#2024'
export const DEMO_TOKEN = 'signio-fixture-token-demo'

export interface Reply {
  status: number
  type: string
  body: Record<string, unknown>
  text: string
}

/** A minimal PDF (enough for the `%PDF-` check). */
export const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')

export class Signio {
  constructor(
    readonly door: Door,
    readonly ws: string,
    public token: string = DEMO_TOKEN,
  ) {}

  async raw(path: string, init: RequestInit = {}): Promise<Reply> {
    const res = await this.door.fetch(PREFIX, path, this.ws, init)
    const text = await res.text()
    let body: Record<string, unknown> = {}
    try {
      body = JSON.parse(text) as Record<string, unknown>
    } catch {
      // Non-JSON replies are asserted on `text`.
    }
    return { status: res.status, type: res.headers.get('content-type') ?? '', body, text }
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}`, ...extra } : extra
  }

  post(path: string, body: unknown, extra: Record<string, string> = {}): Promise<Reply> {
    return this.raw(`${API}${path}`, {
      method: 'POST',
      headers: this.headers({ 'content-type': 'application/json', ...extra }),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  }

  put(path: string, body: unknown, extra: Record<string, string> = {}): Promise<Reply> {
    return this.raw(`${API}${path}`, {
      method: 'PUT',
      headers: this.headers({ 'content-type': 'application/json', ...extra }),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    })
  }

  get(path: string, extra: Record<string, string> = {}): Promise<Reply> {
    return this.raw(`${API}${path}`, { headers: this.headers(extra) })
  }

  /** A multipart request with a FormData body, as real clients send it. */
  form(path: string, fields: Record<string, string | { name: string; bytes: Uint8Array }>, method = 'POST'): Promise<Reply> {
    const fd = new FormData()
    for (const [k, v] of Object.entries(fields)) {
      if (typeof v === 'string') fd.append(k, v)
      else fd.append(k, new Blob([v.bytes as Uint8Array<ArrayBuffer>]), v.name)
    }
    return this.raw(`${API}${path}`, { method, headers: this.headers(), body: fd })
  }

  async login(email = 'api@signio.test', password = PASSWORD): Promise<string> {
    const r = await this.post('/token/crear', { email, password })
    if (r.status !== 200) throw new Error(`login failed: ${r.text}`)
    this.token = r.body.token as string
    return this.token
  }

  async crear(body: Record<string, unknown> = {}): Promise<string> {
    const r = await this.post('/transacciones/crear', { nombre: `Contrato ${Math.random().toString(36).slice(2)}`, ...body })
    if (r.status !== 200) throw new Error(`crear: ${r.text}`)
    return r.body.id_transaccion as string
  }

  async upload(id: string, name = 'contrato.pdf', bytes: Uint8Array = PDF, extra: Record<string, string> = {}): Promise<string> {
    const r = await this.form('/transacciones/cargar_documento', { id_transaccion: id, documento: { name, bytes }, ...extra })
    if (r.status !== 200) throw new Error(`upload: ${r.text}`)
    return r.body.id_documento as string
  }

  async contacto(id: string, over: Record<string, unknown> = {}): Promise<string> {
    const r = await this.post('/transacciones/registrar_contacto', {
      id_transaccion: id,
      nombre: 'Laura Díaz',
      tipo_identificacion: 'CC',
      identificacion: '123456789',
      email: 'laura@example.com',
      ...over,
    })
    if (r.status !== 200) throw new Error(`contacto: ${r.text}`)
    return r.body.id_firmante as string
  }

  async vincular(id: string, firmante: string, documento: string, over: Record<string, unknown> = {}): Promise<void> {
    const r = await this.post('/transacciones/vincular', {
      id_transaccion: id,
      id_firmante: firmante,
      id_documento: documento,
      posicion: { pagina: 1, x: 10, y: 20 },
      ...over,
    })
    if (r.status !== 200) throw new Error(`vincular: ${r.text}`)
  }

  /** A transaction ready to distribute: one PDF, the given signers (each linked). */
  async ready(
    signers: Record<string, unknown>[] = [{}],
    opts: Record<string, unknown> = {},
  ): Promise<{ id: string; doc: string; firmantes: string[] }> {
    const id = await this.crear(opts)
    const doc = await this.upload(id)
    const firmantes: string[] = []
    for (const s of signers) {
      const f = await this.contacto(id, s)
      await this.vincular(id, f, doc)
      firmantes.push(f)
    }
    return { id, doc, firmantes }
  }

  async gestionar(id: string): Promise<Reply> {
    return this.get(`/transacciones/gestionar?id_transaccion=${id}`)
  }

  async distribuir(id: string): Promise<Reply> {
    return this.post('/transacciones/distribuir', { id_transaccion: id })
  }
}

export const ES_OK = { codigo: '00', mensaje: 'Operación correcta' }
export const EN_OK = { code: '00', message: 'Operación correcta' }
export const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** Typed reads of reply fields (the bodies are plain JSON). */
export const str = (r: Reply, key: string): string => r.body[key] as string
export const list = <T = Record<string, unknown>>(r: Reply, key: string): T[] => r.body[key] as T[]
