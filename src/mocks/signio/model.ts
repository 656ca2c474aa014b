import { z } from 'zod'
import { records, stateSchema, type StateOf } from '../../state/schema.js'
import type { Ws } from '../../lib/vendor.js'
import { perSecond } from '../../lib/time.js'

/** Signio's stored records (signio.md §5, §8). Times are epoch ms; bytes are base64. */

/** Transaction `estado` codes (seed §6.2; 8 from seed §6.7 `states`). */
export const ESTADO = { elaboracion: 1, pendiente: 2, firmada: 3, rechazada: 4, suspendida: 6, captura: 7, devuelta: 8 } as const
export type Estado = (typeof ESTADO)[keyof typeof ESTADO]

/** §6.16 `status` text per estado. */
export const STATUS_TEXT: Record<number, string> = {
  1: 'En Proceso',
  2: 'Pendiente de Firma',
  3: 'Firmada',
  4: 'Rechazada',
  6: 'Suspendida',
  7: 'Captura de Datos',
  8: 'Devolución con Observaciones',
}

/** States in which the transaction's structure may be edited (§5.1). */
export const EDITABLE: readonly number[] = [ESTADO.elaboracion, ESTADO.devuelta]

/**
 * The stored records, as zod schemas: the record types come from them, and `PUT /__sandbox/state`
 * checks an imported document against them.
 */
const epochMs = z.int()
const flag = z.literal([0, 1])
export type Flag = z.infer<typeof flag>
const estado = z.literal(Object.values(ESTADO))

export const clientSchema = z.strictObject({
  tenant: z.string(),
  nombre: z.string(),
  nit: z.string(),
  activo: z.boolean(),
  tags: z.array(z.string()),
  callback_url: z.string().nullable(),
})
export type Client = z.infer<typeof clientSchema>

export const userSchema = z.strictObject({
  email: z.string(),
  password: z.string(),
  clients: z.array(z.string()),
  activo: z.boolean(),
  falla: z.boolean().optional(),
})
export type User = z.infer<typeof userSchema>

export const tokenSchema = z.strictObject({
  token: z.string(),
  email: z.string(),
  tenant: z.string(),
  /** null = never expires (fixture token for curl). */
  expires_at: epochMs.nullable(),
})
export type Token = z.infer<typeof tokenSchema>

export const templateSchema = z.strictObject({
  id: z.int(),
  tenant: z.string(),
  name: z.string(),
  description: z.string(),
  type: z.enum(['PLL', 'XFORM']),
  status: z.literal([1, 2]),
  protected: z.boolean(),
  roles: z.string(),
  inputs: z.array(z.string()),
  created_at: epochMs,
})
export type Template = z.infer<typeof templateSchema>

export const posicionSchema = z.strictObject({
  pagina: z.number(),
  alto: z.number(),
  ancho: z.number(),
  x: z.number(),
  y: z.number(),
})
export type Posicion = z.infer<typeof posicionSchema>

export const CONTACT_STATES = ['registrado', 'notificado', 'visto', 'firmado', 'rechazado', 'devuelto'] as const
export type ContactState = (typeof CONTACT_STATES)[number]
export const DONE: readonly ContactState[] = ['firmado', 'rechazado', 'devuelto']
export const ROL_NOTIFICADO = 'Notificado'

export const contactoSchema = z.strictObject({
  id: z.string(),
  tipo_identificacion: z.string(),
  identificacion: z.string(),
  nombre: z.string(),
  email: z.string(),
  orden: z.int(),
  aprobador: flag,
  tipo_firma: flag,
  tipo_firmante: flag,
  celular: z.string().nullable(),
  razonsocial: z.string().nullable(),
  company_identification_type: z.string().nullable(),
  company_identification: z.string().nullable(),
  servicio_identidad: z.string().nullable(),
  rol: z.string().nullable(),
  states: z.array(z.int()),
  enable_comments: z.boolean(),
  on_premise_signature: flag.nullable(),
  operation_rol: z.string().nullable(),
  estado: z.enum(CONTACT_STATES),
})
export type Contacto = z.infer<typeof contactoSchema>

export const vinculoSchema = z.strictObject({
  id_firmante: z.string(),
  id_documento: z.string(),
  tipo: z.enum(['firma', 'adjunto']),
  posicion: posicionSchema.nullable(),
  stamps: z.array(posicionSchema),
  operation_rol: z.string().nullable(),
})
export type Vinculo = z.infer<typeof vinculoSchema>

export const firmaSchema = z.strictObject({
  id_firmante: z.string(),
  id_documento: z.string(),
  aprobador: flag,
  fecha_firma: epochMs,
})
export type Firma = z.infer<typeof firmaSchema>

export const opcionesSchema = z.strictObject({
  op_btnRechazo: flag,
  op_foto: z.string(),
  op_certLegops: flag,
  op_firmasProcesadas: flag,
  remitente: z.string().nullable(),
  mensaje_firma: z.string().nullable(),
  mensaje_final: z.string().nullable(),
  permiteEdicion: flag,
  permiteEdicionFirmantes: flag,
  on_premise_signature: flag,
  notificar_contacto: flag,
})
export type Opciones = z.infer<typeof opcionesSchema>

export const transaccionSchema = z.strictObject({
  id: z.string(),
  tenant: z.string(),
  /** Base transactions (§6.4) are templates of structure only, unknown to every other service. */
  base: z.boolean(),
  nombre: z.string(),
  mensaje: z.string().nullable(),
  ciclo_aprobacion: flag,
  tags: z.array(z.string()),
  external_id: z.string().nullable(),
  cc: z.array(z.string()),
  opciones: opcionesSchema,
  dedup_key: z.string().nullable(),
  created_by: z.string(),
  campos_plantillas: z.record(z.string(), z.string()),
  estado,
  fecha_creacion: epochMs,
  fecha_actualizacion: epochMs,
  documentos: z.array(z.string()),
  contactos: z.array(contactoSchema),
  vinculos: z.array(vinculoSchema),
  firmas: z.array(firmaSchema),
  /**
   * The signer's reason for the last rejection (`motivo`, estado 4) or return
   * (`observaciones`, estado 8), as typed on the signing page or given to the
   * simulate action. Signio puts it in the notification e-mails; no API reply
   * or callback field carries it (signio.md §6.11, §7).
   */
  motivo: z
    .strictObject({ tipo: z.enum(['motivo', 'observaciones']), texto: z.string(), id_firmante: z.string(), fecha: epochMs })
    .nullable()
    .optional(),
})
export type Transaccion = z.infer<typeof transaccionSchema>

export const tveDataSchema = z.strictObject({
  type: z.enum(['BLANK', 'SIMPLE']),
  template_id: z.int(),
  reference: z.string().nullable(),
  expiration: z.string().nullable(),
  amount: z.number().nullable(),
  payment_way: z.string().nullable(),
  payment_place: z.string().nullable(),
  consecutive: z.string().nullable(),
})
export type TveData = z.infer<typeof tveDataSchema>

export const documentoSchema = z.strictObject({
  id: z.string(),
  id_transaccion: z.string(),
  nombre: z.string(),
  base64: z.base64(),
  protegido: z.boolean(),
  estado: z.enum(['cargado', 'firmado']),
  created_at: epochMs,
  plantilla: z.strictObject({ template_id: z.int(), fields: z.record(z.string(), z.string()) }).nullable(),
  tve: tveDataSchema.nullable(),
})
export type Documento = z.infer<typeof documentoSchema>

/** Where a link the sandbox handed out leads (e-mail signing links, on-premise URLs, magic links): pages.ts serves them. */
export const ENLACE_TIPOS = ['firmar', 'onpremise', 'magic-link'] as const
export type EnlaceTipo = (typeof ENLACE_TIPOS)[number]

export const enlaceSchema = z.strictObject({
  token: z.string(),
  tipo: z.enum(ENLACE_TIPOS),
  id_transaccion: z.string(),
  /** The contact who signs through it; null for an envelope's magic link. */
  id_firmante: z.string().nullable(),
  /** Magic links last 30 minutes (seed §6.20); the others as long as the contact's turn. */
  expires_at: epochMs.nullable(),
})
export type Enlace = z.infer<typeof enlaceSchema>

const signioStateShape = {
  clients: records(clientSchema, (c) => c.tenant),
  /** Keyed by lower-case email. */
  users: records(userSchema, (u) => u.email.toLowerCase()),
  tokens: records(tokenSchema, (t) => t.token),
  templates: records(templateSchema, (t) => String(t.id)),
  transactions: records(transaccionSchema, (t) => t.id),
  documents: records(documentoSchema, (d) => d.id),
  /** `<tenant> <envelopeDeduplicationKey>` → id_transaccion. */
  dedup: records(z.string()),
  /** Keyed by token. */
  links: records(enlaceSchema, (l) => l.token),
}
export const signioStateSchema = stateSchema(signioStateShape)
export type SignioState = StateOf<typeof signioStateShape>

export type SignioWs = Ws<SignioState>

/** Who is calling: the token's user and client (every read and write is scoped to `tenant`). */
export interface Caller {
  email: string
  tenant: string
}

/** Wire datetime: `YYYY-MM-DDTHH:mm:ss+00:00` (§2.8). */
export const fecha = perSecond((ms) => `${new Date(ms).toISOString().slice(0, 19)}+00:00`)

export const TOKEN_TTL_MIN = 120
