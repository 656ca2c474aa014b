import { loadFixture } from '../../lib/fixtures.js'
import { Collection } from '../../state/collection.js'
import type {
  Client,
  Contacto,
  Documento,
  Enlace,
  Firma,
  Opciones,
  SignioState,
  Template,
  Token,
  Transaccion,
  User,
  Vinculo,
} from './model.js'

/** A fresh workspace's Signio data from `fixtures/signio.json` (signio.md §8). */

interface FixtureDoc {
  id: string
  nombre: string
  estado?: Documento['estado']
  protegido?: boolean
  plantilla?: { template_id: number; fields: Record<string, string>; created_at: string }
}

type FixtureContact = Pick<Contacto, 'id' | 'nombre' | 'tipo_identificacion' | 'identificacion' | 'email' | 'orden'> & Partial<Contacto>
type FixtureLink = Pick<Vinculo, 'id_firmante' | 'id_documento' | 'tipo'> & Partial<Vinculo>

interface FixtureTransaction {
  id: string
  tenant: string
  base?: boolean
  nombre: string
  estado: Transaccion['estado']
  external_id: string | null
  fecha_creacion: string
  fecha_actualizacion: string
  mensaje?: string
  ciclo_aprobacion?: 0 | 1
  on_premise_signature?: 0 | 1
  permiteEdicion?: 0 | 1
  documentos: FixtureDoc[]
  contactos: FixtureContact[]
  vinculos: FixtureLink[]
  firmas?: (Omit<Firma, 'fecha_firma'> & { fecha_firma: string })[]
}

interface Fixture {
  pdf_base64: string
  clients: Omit<Client, 'callback_url'>[]
  users: User[]
  tokens: (Omit<Token, 'expires_at'> & { expires_at: string | null })[]
  templates: (Omit<Template, 'created_at'> & { created_at: string })[]
  transactions: FixtureTransaction[]
}

export const DEFAULT_OPCIONES: Opciones = {
  op_btnRechazo: 1,
  op_foto: 'NO',
  op_certLegops: 0,
  op_firmasProcesadas: 0,
  remitente: null,
  mensaje_firma: null,
  mensaje_final: null,
  permiteEdicion: 0,
  permiteEdicionFirmantes: 0,
  on_premise_signature: 0,
  notificar_contacto: 0,
}

export function newContacto(c: FixtureContact): Contacto {
  return {
    aprobador: 0,
    tipo_firma: 0,
    tipo_firmante: 1,
    celular: null,
    razonsocial: null,
    company_identification_type: null,
    company_identification: null,
    servicio_identidad: null,
    rol: null,
    states: [3],
    enable_comments: false,
    on_premise_signature: null,
    operation_rol: null,
    estado: 'registrado',
    ...c,
  }
}

const ms = (iso: string) => Date.parse(iso)

function transaction(t: FixtureTransaction): Transaccion {
  return {
    id: t.id,
    tenant: t.tenant,
    base: t.base ?? false,
    nombre: t.nombre,
    mensaje: t.mensaje ?? null,
    ciclo_aprobacion: t.ciclo_aprobacion ?? 0,
    tags: [],
    external_id: t.external_id,
    cc: [],
    opciones: { ...DEFAULT_OPCIONES, on_premise_signature: t.on_premise_signature ?? 0, permiteEdicion: t.permiteEdicion ?? 0 },
    dedup_key: null,
    created_by: 'api@signio.test',
    campos_plantillas: {},
    estado: t.estado,
    fecha_creacion: ms(t.fecha_creacion),
    fecha_actualizacion: ms(t.fecha_actualizacion),
    documentos: t.documentos.map((d) => d.id),
    contactos: t.contactos.map(newContacto),
    vinculos: t.vinculos.map((v) => ({ posicion: null, stamps: [], operation_rol: null, ...v })),
    firmas: (t.firmas ?? []).map((f) => ({ ...f, fecha_firma: ms(f.fecha_firma) })),
  }
}

export function seedState(): SignioState {
  const fx = loadFixture<Fixture>('signio')
  const documents = new Collection<Documento>()
  for (const t of fx.transactions) {
    for (const d of t.documentos) {
      documents.set(d.id, {
        id: d.id,
        id_transaccion: t.id,
        nombre: d.nombre,
        base64: fx.pdf_base64,
        protegido: d.protegido ?? false,
        estado: d.estado ?? 'cargado',
        created_at: ms(t.fecha_creacion),
        plantilla: d.plantilla ? { template_id: d.plantilla.template_id, fields: d.plantilla.fields } : null,
        tve: null,
      })
    }
  }
  return {
    clients: Collection.keyed(
      fx.clients.map((c) => ({ ...c, callback_url: null })),
      (c) => c.tenant,
    ),
    users: Collection.keyed(fx.users, (u) => u.email.toLowerCase()),
    tokens: Collection.keyed(
      fx.tokens.map((t) => ({ ...t, expires_at: t.expires_at === null ? null : ms(t.expires_at) })),
      (t) => t.token,
    ),
    templates: Collection.keyed(
      fx.templates.map((t) => ({ ...t, created_at: ms(t.created_at) })),
      (t) => String(t.id),
    ),
    transactions: Collection.keyed(fx.transactions.map(transaction), (t) => t.id),
    documents,
    dedup: new Collection<string>(),
    links: new Collection<Enlace>(),
  }
}
