import { issueLink } from './links.js'
import { ERR, notFound, stateError, unprocessable } from '../errors.js'
import type { z } from 'zod'
import { fillTemplate } from '../../../lib/catalogue.js'
import { checkInt, validate } from '../fields.js'
import { EDITABLE, ESTADO, fecha, ROL_NOTIFICADO, STATUS_TEXT, type Caller, type Documento, type SignioWs, type TveData } from '../model.js'
import { ENVELOPE_SORTS, ENVELOPE_STATUSES, onPremiseSchema, SIMPLE_REQUIRED, tveEditSchema, tveSchema } from '../schemas.js'
import { basename, fileProblem, TVE_TYPES_ALLOWED } from './files.js'
import { toBase64 } from '../../../lib/bytes.js'
import { docOf, findTx, newDocId, requireState, save } from './lookup.js'
import { findTemplate, generatedPdf } from './templates.js'

/** Envelopes (EN family): §6.16 search, §6.20 magic link, §6.22/§6.23 TVE, §6.24 on-premise URL. */

const MAX_ENVELOPES = 1000
const invalid = (campo: string) => ERR.invalid.replace('{campo}', campo)

function parseInstant(v: string, endOfDay: boolean): number | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return Date.parse(`${v}T${endOfDay ? '23:59:59' : '00:00:00'}Z`)
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(v)) return undefined
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(v) ? v : `${v}Z`
  const t = Date.parse(zoned)
  return Number.isNaN(t) ? undefined : t
}

interface Search {
  name?: string
  from?: number
  to?: number
  status?: string
  sort: { key: (typeof ENVELOPE_SORTS)[number]; dir: 1 | -1 }
  offset: number
}

function parseSearch(q: Record<string, unknown>): Search {
  const errores: string[] = []
  const str = (k: string) => (typeof q[k] === 'string' && q[k] !== '' ? q[k] : undefined)
  const s: Search = { sort: { key: 'created_at', dir: -1 }, offset: 0, name: str('filter[name]') }
  const from = str('filter[from]')
  if (from !== undefined && (s.from = parseInstant(from, false)) === undefined) errores.push(invalid('filter[from]'))
  const to = str('filter[to]')
  if (to !== undefined && (s.to = parseInstant(to, true)) === undefined) errores.push(invalid('filter[to]'))
  const status = str('filter[status]')
  if (status !== undefined) {
    s.status = ENVELOPE_STATUSES.find((x) => x.toLowerCase() === status.toLowerCase())
    if (!s.status) errores.push(invalid('filter[status]'))
  }
  const sort = str('sort')
  if (sort !== undefined) {
    const m = /^([ +-]?)(\w+)$/.exec(sort)
    const key = ENVELOPE_SORTS.find((k) => k === m?.[2])
    if (!m || !key) errores.push(invalid('sort'))
    else s.sort = { key, dir: m[1] === '-' ? -1 : 1 }
  }
  const offset = str('offset')
  if (offset !== undefined) {
    const r = checkInt(0)(offset)
    if (r.ok) s.offset = r.value
    else errores.push(invalid('offset'))
  }
  if (errores.length > 0) throw unprocessable(errores)
  return s
}

/** Binary (code point) order, not locale (§6.16). */
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0)

export function buscarSobres(ws: SignioWs, who: Caller, query: Record<string, unknown>) {
  const s = parseSearch(query)
  const name = s.name?.toLowerCase()
  const rows = ws.state.transactions
    .filter((t) => t.tenant === who.tenant && !t.base)
    .filter(
      (t) =>
        (name === undefined || t.nombre.toLowerCase().includes(name)) &&
        (s.from === undefined || t.fecha_actualizacion >= s.from) &&
        (s.to === undefined || t.fecha_actualizacion <= s.to) &&
        (s.status === undefined || STATUS_TEXT[t.estado] === s.status),
    )
    .map((t) => ({
      id: t.id,
      name: t.nombre,
      status: STATUS_TEXT[t.estado],
      created_at: fecha(t.fecha_creacion),
      updated_at: fecha(t.fecha_actualizacion),
      documents_count: t.documentos.length,
      c: t.fecha_creacion,
      u: t.fecha_actualizacion,
    }))
  const value = (r: (typeof rows)[number]) =>
    s.sort.key === 'name' ? r.name : s.sort.key === 'status' ? r.status : s.sort.key === 'created_at' ? r.c : r.u
  rows.sort((a, b) => s.sort.dir * cmp(value(a), value(b)) || cmp(a.id, b.id))
  return rows.slice(s.offset, s.offset + MAX_ENVELOPES).map((r) => ({
    id: r.id,
    name: r.name,
    status: r.status,
    created_at: r.created_at,
    updated_at: r.updated_at,
    documents_count: r.documents_count,
  }))
}

/** §6.20: edit link in state 1, view link otherwise (pages.ts shows the envelope). */
export function magicLink(ws: SignioWs, who: Caller, envelopeId: string, base: string): string {
  return issueLink(ws, base, 'magic-link', findTx(ws, who, envelopeId), null)
}

export interface TveUpload {
  fields: Record<string, unknown>
  file: { filename: string; bytes: Uint8Array } | undefined
}

/** §6.22 field table; `document` and `consecutive` are required only when `template_id` is 0. */
const TVE_FIELDS = [
  'type',
  'template_id',
  'reference',
  'expiration',
  'amount',
  'payment_way',
  'payment_place',
  'document',
  'consecutive',
] as const
const CREATE_ONLY: readonly string[] = ['template_id', 'document', 'consecutive']
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '')
const required = (campo: string) => ERR.required.replace('{campo}', campo)

/**
 * Every problem of a §6.22 (`create`) or §6.23 body, in field-table order (§2.5), the conditional
 * requirements included: a schema run alone stops short of them when another field is already wrong.
 */
function tveProblems(fields: Record<string, unknown>, file: TveUpload['file'], create: boolean): string[] {
  const shape = tveSchema.shape as Record<string, z.ZodType>
  const type = tveSchema.shape.type.safeParse(fields.type)
  const simple = type.success && type.data === 'SIMPLE'
  const template = tveSchema.shape.template_id.safeParse(fields.template_id)
  const external = create && template.success && template.data === 0
  const out: string[] = []
  for (const k of TVE_FIELDS) {
    if (!create && CREATE_ONLY.includes(k)) continue
    let problem: string | undefined
    if (k === 'document') problem = !external ? undefined : file ? fileProblem('document', file, TVE_TYPES_ALLOWED) : required(k)
    else if (blank(fields[k]) && ((simple && (SIMPLE_REQUIRED as readonly string[]).includes(k)) || (external && k === 'consecutive')))
      problem = required(k)
    else {
      const r = shape[k].safeParse(fields[k])
      problem = r.success ? undefined : fillTemplate(r.error.issues[0].message, { campo: k })
    }
    if (problem) out.push(problem)
  }
  return out
}

function tveData(
  d: { type: TveData['type']; reference?: string; expiration?: string; amount?: number; payment_way?: string; payment_place?: string },
  template_id: number,
  consecutive: string | null,
): TveData {
  return {
    type: d.type,
    template_id,
    reference: d.reference ?? null,
    expiration: d.expiration ?? null,
    amount: d.amount ?? null,
    payment_way: d.payment_way ?? null,
    payment_place: d.payment_place ?? null,
    consecutive,
  }
}

/** §6.22: a TVE document, protected from creation. */
export async function cargarTve(ws: SignioWs, who: Caller, envelopeId: string, input: TveUpload): Promise<string> {
  const errores = tveProblems(input.fields, input.file, true)
  if (errores.length > 0) throw unprocessable(errores)
  const data = validate(tveSchema, input.fields)
  const tx = findTx(ws, who, envelopeId)
  let nombre: string
  let base64: string
  if (data.template_id === 0 && input.file) {
    nombre = basename(input.file.filename)
    base64 = toBase64(input.file.bytes)
  } else {
    const t = findTemplate(ws, who, data.template_id)
    if (!t.protected) throw unprocessable([ERR.template_not_tve.replace('{id}', String(t.id))])
    if (t.status !== 1) throw unprocessable([ERR.template_inactive.replace('{id}', String(t.id))])
    requireState(tx, EDITABLE)
    nombre = `${t.name}.pdf`
    base64 = await generatedPdf(ws, t.name, [`Título valor electrónico (${data.type})`])
  }
  const fresh = findTx(ws, who, envelopeId)
  requireState(fresh, EDITABLE)
  const doc: Documento = {
    id: newDocId(ws),
    id_transaccion: fresh.id,
    nombre,
    base64,
    protegido: true,
    estado: 'cargado',
    created_at: ws.now(),
    plantilla: null,
    tve: tveData(data, data.template_id, data.consecutive ?? null),
  }
  ws.state.documents.set(doc.id, doc)
  fresh.documentos.push(doc.id)
  save(ws, fresh)
  return doc.id
}

/** §6.23: replaces the TVE values. */
export function editarTve(ws: SignioWs, who: Caller, envelopeId: string, documentId: string, input: Record<string, unknown>): string {
  const errores = tveProblems(input, undefined, false)
  if (errores.length > 0) throw unprocessable(errores)
  const data = validate(tveEditSchema, input)
  const tx = findTx(ws, who, envelopeId)
  const doc = docOf(ws, tx, documentId)
  if (!doc.tve) throw notFound()
  requireState(tx, EDITABLE)
  ws.state.documents.set(doc.id, { ...doc, tve: tveData(data, doc.tve.template_id, doc.tve.consecutive) })
  save(ws, tx)
  return doc.id
}

/** §6.24: the on-premise signing URL for one contact. */
export function onPremiseUrl(ws: SignioWs, who: Caller, input: Record<string, unknown>, base: string): string {
  const d = validate(onPremiseSchema, input)
  const tx = findTx(ws, who, d.transaction_id)
  const contact = tx.contactos.find(
    (c) => c.rol !== ROL_NOTIFICADO && c.tipo_identificacion === d.document_type && c.identificacion === d.document,
  )
  if (!contact) throw notFound()
  if (tx.opciones.on_premise_signature !== 1 || contact.on_premise_signature === 0) throw unprocessable([ERR.onpremise])
  if (d.direct_signature === 1 && (tx.estado !== ESTADO.pendiente || !['notificado', 'visto'].includes(contact.estado))) throw stateError()
  return issueLink(ws, base, 'onpremise', tx, contact)
}
