import type { Collection } from '../../state/collection.js'
import type { Ws } from '../../lib/vendor.js'

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

export type ContactState = 'registrado' | 'notificado' | 'visto' | 'firmado' | 'rechazado' | 'devuelto'
export const DONE: readonly ContactState[] = ['firmado', 'rechazado', 'devuelto']
export const ROL_NOTIFICADO = 'Notificado'

export type Flag = 0 | 1

export interface Client {
  tenant: string
  nombre: string
  nit: string
  activo: boolean
  tags: string[]
  callback_url: string | null
}

export interface User {
  email: string
  password: string
  clients: string[]
  activo: boolean
  falla?: boolean
}

export interface Token {
  token: string
  email: string
  tenant: string
  /** null = never expires (fixture token for curl). */
  expires_at: number | null
}

export interface Template {
  id: number
  tenant: string
  name: string
  description: string
  type: 'PLL' | 'XFORM'
  status: 1 | 2
  protected: boolean
  roles: string
  inputs: string[]
  created_at: number
}

export interface Posicion {
  pagina: number
  alto: number
  ancho: number
  x: number
  y: number
}

export interface Contacto {
  id: string
  tipo_identificacion: string
  identificacion: string
  nombre: string
  email: string
  orden: number
  aprobador: Flag
  tipo_firma: Flag
  tipo_firmante: Flag
  celular: string | null
  razonsocial: string | null
  company_identification_type: string | null
  company_identification: string | null
  servicio_identidad: string | null
  rol: string | null
  states: number[]
  enable_comments: boolean
  on_premise_signature: Flag | null
  operation_rol: string | null
  estado: ContactState
}

export interface Vinculo {
  id_firmante: string
  id_documento: string
  tipo: 'firma' | 'adjunto'
  posicion: Posicion | null
  stamps: Posicion[]
  operation_rol: string | null
}

export interface Firma {
  id_firmante: string
  id_documento: string
  aprobador: Flag
  fecha_firma: number
}

export interface Opciones {
  op_btnRechazo: Flag
  op_foto: string
  op_certLegops: Flag
  op_firmasProcesadas: Flag
  remitente: string | null
  mensaje_firma: string | null
  mensaje_final: string | null
  permiteEdicion: Flag
  permiteEdicionFirmantes: Flag
  on_premise_signature: Flag
  notificar_contacto: Flag
}

export interface Transaccion {
  id: string
  tenant: string
  /** Base transactions (§6.4) are templates of structure only, unknown to every other service. */
  base: boolean
  nombre: string
  mensaje: string | null
  ciclo_aprobacion: Flag
  tags: string[]
  external_id: string | null
  cc: string[]
  opciones: Opciones
  dedup_key: string | null
  created_by: string
  campos_plantillas: Record<string, string>
  estado: Estado
  fecha_creacion: number
  fecha_actualizacion: number
  documentos: string[]
  contactos: Contacto[]
  vinculos: Vinculo[]
  firmas: Firma[]
  /**
   * The signer's reason for the last rejection (`motivo`, estado 4) or return
   * (`observaciones`, estado 8), as typed on the signing page or given to the
   * simulate action. Signio puts it in the notification e-mails; no API reply
   * or callback field carries it (signio.md §6.11, §7).
   */
  motivo?: { tipo: 'motivo' | 'observaciones'; texto: string; id_firmante: string; fecha: number } | null
}

export interface TveData {
  type: 'BLANK' | 'SIMPLE'
  template_id: number
  reference: string | null
  expiration: string | null
  amount: number | null
  payment_way: string | null
  payment_place: string | null
  consecutive: string | null
}

export interface Documento {
  id: string
  id_transaccion: string
  nombre: string
  base64: string
  protegido: boolean
  estado: 'cargado' | 'firmado'
  created_at: number
  plantilla: { template_id: number; fields: Record<string, string> } | null
  tve: TveData | null
}

/** Where a link the sandbox handed out leads (e-mail signing links, on-premise URLs, magic links): pages.ts serves them. */
export type EnlaceTipo = 'firmar' | 'onpremise' | 'magic-link'

export interface Enlace {
  token: string
  tipo: EnlaceTipo
  id_transaccion: string
  /** The contact who signs through it; null for an envelope's magic link. */
  id_firmante: string | null
  /** Magic links last 30 minutes (seed §6.20); the others as long as the contact's turn. */
  expires_at: number | null
}

export interface SignioState {
  clients: Collection<Client>
  /** Keyed by lower-case email. */
  users: Collection<User>
  tokens: Collection<Token>
  templates: Collection<Template>
  transactions: Collection<Transaccion>
  documents: Collection<Documento>
  /** `<tenant> <envelopeDeduplicationKey>` → id_transaccion. */
  dedup: Collection<string>
  /** Keyed by token. */
  links: Collection<Enlace>
}

export type SignioWs = Ws<SignioState>

/** Who is calling: the token's user and client (every read and write is scoped to `tenant`). */
export interface Caller {
  email: string
  tenant: string
}

/** Wire datetime: `YYYY-MM-DDTHH:mm:ss+00:00` (§2.8). */
export function fecha(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`
}

export const TOKEN_TTL_MIN = 120
