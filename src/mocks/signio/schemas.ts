import { z } from 'zod'
import { F, checkInt, checkStr, EMAIL, nested } from './fields.js'

/** Request schemas of the 24 services (signio.md §4), fields in the order of each field table. */

export const TIPOS_IDENTIFICACION = ['CC', 'CD', 'CE', 'OT', 'PP', 'PS', 'TI', 'VI', 'NIT'] as const
export const ESTADOS_LISTABLES = [0, 1, 2, 3, 4, 6, 7] as const
export const NOTIFICADO_STATES = [3, 4, 6, 8] as const
export const OP_FOTO = ['NO', 'OP', 'OB'] as const
export const SERVICIOS_IDENTIDAD = ['basic', 'experian', 'experian_lite'] as const
export const TVE_TYPES = ['BLANK', 'SIMPLE'] as const
export const OP_TOKENS = ['SCREEN', 'SHOW_OPTIONS'] as const

const idTransaccion = F.str()

export const credentialsSchema = z.object({ email: F.str(), password: F.str() })
export const loginSchema = z.object({ email: F.str(), password: F.str(), ttl: F.intOpt(1, 1440) })

export const listarSchema = z.object({
  estado: F.custom((v) => {
    const r = checkInt()(v)
    return r.ok && !(ESTADOS_LISTABLES as readonly number[]).includes(r.value) ? F.bad<number>() : r
  }),
})

const tags = F.custom((v) => {
  const items = typeof v === 'string' ? v.split(';') : Array.isArray(v) ? v : undefined
  if (!items || items.some((t) => typeof t !== 'string')) return F.bad<string[]>()
  return F.ok((items as string[]).map((t) => t.trim()).filter((t) => t !== ''))
})

const cc = F.custom((v) => {
  if (typeof v !== 'string') return F.bad<string[]>()
  const list = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
  return list.every((s) => EMAIL.test(s)) ? F.ok(list) : F.bad<string[]>()
})

export const crearSchema = z.object({
  nombre: F.str({ max: 255 }),
  mensaje: F.strOpt(),
  ciclo_aprobacion: F.flagOpt(),
  tags,
  id_transaccion_base: F.strOpt(),
  external_id: F.strOpt(),
  cc,
  op_btnRechazo: F.flagOpt(),
  op_foto: F.strOpt({ oneOf: OP_FOTO }),
  op_certLegops: F.flagOpt(),
  op_firmasProcesadas: F.flagOpt(),
  remitente: F.strOpt(),
  mensaje_firma: F.strOpt(),
  mensaje_final: F.strOpt(),
  permiteEdicion: F.flagOpt(),
  permiteEdicionFirmantes: F.flagOpt(),
  on_premise_signature: F.flagOpt(),
  envelopeDeduplicationKey: F.strOpt({ max: 36 }),
  notificar_contacto: F.flagOpt(),
  campos_plantillas: F.mapOpt(),
  created_by: F.strOpt({ email: true }),
})
export type CrearInput = z.infer<typeof crearSchema>

const stateList = F.custom((v) => {
  const items = Array.isArray(v) ? v : undefined
  if (!items) return F.bad<number[]>()
  const out: number[] = []
  for (const it of items) {
    const r = checkInt()(it)
    if (!r.ok || !(NOTIFICADO_STATES as readonly number[]).includes(r.value)) return F.bad<number[]>()
    out.push(r.value)
  }
  return F.ok(out)
})

export const contactoSchema = z.object({
  id_transaccion: idTransaccion,
  nombre: F.str({ max: 50 }),
  tipo_identificacion: F.str({ oneOf: TIPOS_IDENTIFICACION }),
  identificacion: F.str({ max: 20 }),
  email: F.str({ max: 50, email: true }),
  orden: F.intOpt(1),
  aprobador: F.flagOpt(),
  tipo_firma: F.flagOpt(),
  tipo_firmante: F.flagOpt(),
  celular: F.strOpt({ max: 15 }),
  razonsocial: F.strOpt({ max: 45 }),
  company_identification_type: F.strOpt({ max: 5 }),
  company_identification: F.strOpt({ max: 30 }),
  servicio_identidad: F.strOpt({ oneOf: SERVICIOS_IDENTIDAD }),
  rol: F.strOpt({ oneOf: ['Notificado'] }),
  states: stateList,
  enable_comments: F.boolOpt(),
  on_premise_signature: F.flagOpt(),
  operation_rol: F.strOpt(),
})
export type ContactoInput = z.infer<typeof contactoSchema>

const nonNegative = F.custom((v) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0
    ? F.ok(v)
    : typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)
      ? F.ok(Number(v))
      : F.bad<number>(),
)
export const posicionSchema = z.object({ pagina: F.int(1), alto: nonNegative, ancho: nonNegative, x: nonNegative, y: nonNegative })
export type PosicionInput = z.infer<typeof posicionSchema>
const posicion = nested(posicionSchema)

const stamps = F.custom((v) => {
  let items: unknown = v
  if (typeof v === 'string') {
    try {
      items = JSON.parse(v) as unknown
    } catch {
      return F.bad<PosicionInput[]>()
    }
  }
  if (!Array.isArray(items)) return F.bad<PosicionInput[]>()
  const out: PosicionInput[] = []
  for (const it of items as unknown[]) {
    const r = posicion(it)
    if (!r.ok) return F.bad<PosicionInput[]>()
    out.push(r.value)
  }
  return F.ok(out)
})

export const vincularSchema = z.object({
  id_transaccion: idTransaccion,
  id_firmante: F.str(),
  id_documento: F.str(),
  posicion: F.custom(posicion),
  attachment: F.flagOpt(),
  stamps,
  operation_rol: F.strOpt(),
})

export const cambiarOrdenSchema = z.object({ id_transaccion: idTransaccion, id_firmante: F.str(), orden: F.int(1) })
export const idTransaccionSchema = z.object({ id_transaccion: idTransaccion })
export const protegerSchema = z.object({ id_documento: F.str(), protect: F.bool() })

export const metatagSchema = z.object({
  SigIDType: F.str({ oneOf: TIPOS_IDENTIFICACION }),
  SigID: F.str({ max: 20 }),
  SigName: F.strOpt({ max: 50 }),
  SigEmail: F.strOpt({ max: 50, email: true }),
  SigPhone: F.strOpt({ max: 15 }),
  SigOrder: F.intOpt(1),
  SigCmpy: F.strOpt({ max: 45 }),
  SigCmpyID: F.strOpt({ max: 30 }),
  SigCmpyIDType: F.strOpt({ max: 5 }),
})
export type Metatag = z.infer<typeof metatagSchema>

export const usarPlantillaSchema = z.object({ template_id: F.int(), fields: F.mapOpt() })
export const actualizarPlantillaSchema = z.object({ fields: F.mapOpt() })

const DATE = /^\d{4}-\d{2}-\d{2}$/
const date = F.custom((v) => {
  if (
    typeof v !== 'string' ||
    !DATE.test(v) ||
    Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ||
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v
  )
    return F.bad<string>()
  return F.ok(v)
})

const tveValues = {
  type: F.oneOf(TVE_TYPES),
  reference: F.strOpt({ max: 255 }),
  expiration: date,
  amount: F.intOpt(1),
  payment_way: F.strOpt({ max: 255 }),
  payment_place: F.strOpt({ max: 255 }),
}
export const tveEditSchema = z.object(tveValues)
export const tveSchema = z.object({ ...tveValues, template_id: F.customReq(checkInt(0)), consecutive: F.strOpt({ max: 255 }) })
export type TveInput = z.infer<typeof tveSchema>
/** Fields required only for a SIMPLE TVE (§6.22), in field-table order. */
export const SIMPLE_REQUIRED = ['expiration', 'amount', 'payment_way', 'payment_place'] as const

export const onPremiseSchema = z.object({
  document_type: F.str({ oneOf: TIPOS_IDENTIFICACION }),
  document: F.str({ max: 20 }),
  transaction_id: F.str(),
  direct_signature: F.flagOpt(),
  op_token: F.strOpt({ oneOf: OP_TOKENS }),
  confirmation_url: F.custom((v) => {
    const r = checkStr()(v)
    return r.ok && /^https?:\/\/[^\s/]+/i.test(r.value) ? r : F.bad<string>()
  }),
})

export const ENVELOPE_STATUSES = ['En Proceso', 'Pendiente de Firma', 'Firmada', 'Rechazada', 'Suspendida'] as const
export const ENVELOPE_SORTS = ['name', 'status', 'created_at', 'updated_at'] as const

// --- simulate actions (control-plane JSON, signio.md §9) ---

/** A present value must be a non-empty string; null counts as absent. */
const simText = z
  .string({ error: 'must be a non-empty string' })
  .refine((v) => v.trim() !== '', 'must be a non-empty string')
  .nullish()
  .transform((v) => v ?? undefined)

const isHttpUrl = (v: string): boolean => {
  try {
    const u = new URL(v)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}

export const simulateTransactionSchema = z.object({
  id_transaccion: z.string({ error: 'is required' }).refine((v) => v.trim() !== '', 'must be a non-empty string'),
})

/** The signer by `email` (first not-done match in `orden` order) or by `id_firmante`. */
const signerFields = { email: simText.describe('the signer by e-mail'), id_firmante: simText.describe('or: the signer by id_firmante') }
const oneSigner = (b: { email?: string; id_firmante?: string }) => b.email !== undefined || b.id_firmante !== undefined
const NO_SIGNER = 'email or id_firmante is required'

export const simulateSignerSchema = simulateTransactionSchema.extend(signerFields).refine(oneSigner, NO_SIGNER)

/** `reject` with the signer's reason (signio.md §9). */
export const simulateRejectSchema = simulateTransactionSchema
  .extend({ ...signerFields, motivo: simText.describe("the signer's reason for rejecting") })
  .refine(oneSigner, NO_SIGNER)

/** `return` with the signer's observations for the sender (signio.md §9). */
export const simulateReturnSchema = simulateTransactionSchema
  .extend({ ...signerFields, observaciones: simText.describe("the signer's observations for the sender") })
  .refine(oneSigner, NO_SIGNER)

export const simulateCallbackSchema = z.object({
  url: z.union([z.string().refine(isHttpUrl, 'must be an absolute http(s) URL'), z.null()], {
    error: 'is required (an absolute http(s) URL, or null)',
  }),
  tenant: z.string().optional().describe('the client tenant (default legops-demo)'),
})
