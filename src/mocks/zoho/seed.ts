import { Collection } from '../../state/collection.js'
import type { SeedContext } from '../../lib/vendor.js'
import { loadFixture } from '../../lib/fixtures.js'
import { textPdf } from '../../lib/pdf.js'
import { OTHERS_REQUEST_TYPE, OWNER_ID, VENDOR_ID } from './constants.js'
import type {
  ZAccount,
  ZAction,
  ZClient,
  ZDocument,
  ZFolder,
  ZRequest,
  ZRequestType,
  ZTemplate,
  ZToken,
  ZUser,
  ZWebhook,
  ZohoState,
} from './model.js'
import { SIGNING_DEFAULTS } from './model.js'
import { completeField, type FieldSeed } from './service/fields.js'
import { toBase64 } from '../../lib/bytes.js'

/** A fresh workspace: `fixtures/zoho.json` plus a generated one-page PDF per seeded document (spec §3). */

type SeedDoc = { document_id: string; document_name: string }
type SeedAction = Partial<ZAction> &
  Pick<ZAction, 'action_id' | 'action_type' | 'recipient_name' | 'recipient_email' | 'signing_order' | 'action_status'> & {
    fields: FieldSeed[]
  }
type SeedRequest = Partial<Omit<ZRequest, 'documents' | 'actions'>> &
  Pick<ZRequest, 'request_id' | 'request_name' | 'request_status' | 'created_time'> & { documents: SeedDoc[]; actions: SeedAction[] }
type SeedTemplate = Partial<Omit<ZTemplate, 'documents' | 'actions' | 'document_fields'>> &
  Pick<ZTemplate, 'template_id' | 'template_name' | 'created_time'> & {
    documents: SeedDoc[]
    actions: SeedAction[]
    document_fields: FieldSeed[]
  }

interface Fixture {
  accounts: ZAccount[]
  users: ZUser[]
  clients: ZClient[]
  tokens: Omit<ZToken, 'dc' | 'created' | 'seq' | 'client_id'>[]
  folders: ZFolder[]
  request_types: ZRequestType[]
  requests: SeedRequest[]
  templates: SeedTemplate[]
  webhooks: ZWebhook[]
}

/**
 * Seeded documents are the same bytes in every workspace: generated once per
 * process (`prepare`), and every workspace shares the one base64 string.
 */
const seededPdfs = new Map<string, { size: number; base64: string }>()
let preparing: Promise<void> | undefined

export function prepareSeed(): Promise<void> {
  preparing ??= (async () => {
    const fx = loadFixture<Fixture>(VENDOR_ID)
    const names = [...fx.requests, ...fx.templates].flatMap((r) => r.documents.map((d) => d.document_name))
    for (const name of new Set(names)) {
      const bytes = await textPdf({
        title: name,
        date: new Date(Date.UTC(2026, 0, 1)),
        sections: [{ lines: ['Zylker Sandbox - seeded document for esign-sandbox (Zoho Sign).'] }],
      })
      seededPdfs.set(name, { size: bytes.byteLength, base64: toBase64(bytes) })
    }
  })()
  return preparing
}

function seededPdf(name: string): { size: number; base64: string } {
  const pdf = seededPdfs.get(name)
  if (!pdf) throw new Error(`zoho: seeded document ${JSON.stringify(name)} was not prepared`)
  return pdf
}

function action(a: SeedAction): ZAction {
  return {
    action_id: a.action_id,
    action_type: a.action_type,
    recipient_name: a.recipient_name,
    recipient_email: a.recipient_email,
    recipient_phonenumber: '',
    recipient_countrycode: '',
    signing_order: a.signing_order,
    verify_recipient: a.verify_recipient ?? false,
    ...(a.verification_type ? { verification_type: a.verification_type } : {}),
    private_notes: a.private_notes ?? '',
    is_embedded: false,
    ...(a.role !== undefined ? { role: a.role } : {}),
    action_status: a.action_status,
    fields: a.fields.map(completeField),
    ...(a.signed_time !== undefined ? { signed_time: a.signed_time, ip_address: a.ip_address } : {}),
  }
}

/** The earliest expiry among seeded in-progress requests: nothing to sweep before it. */
const firstSweep = (requests: ZRequest[]) =>
  Math.min(
    Number.MAX_SAFE_INTEGER,
    ...requests.filter((r) => r.request_status === 'inprogress').map((r) => r.expire_by ?? Number.MAX_SAFE_INTEGER),
  )

export function seedState({ random }: SeedContext): ZohoState {
  const fx = loadFixture<Fixture>(VENDOR_ID)
  const files = new Collection<string>()
  const owners = new Collection<{ kind: 'request' | 'template'; id: string }>()
  const documents = (docs: SeedDoc[], owner: { kind: 'request' | 'template'; id: string }): ZDocument[] =>
    docs.map((d) => {
      const pdf = seededPdf(d.document_name)
      files.set(d.document_id, pdf.base64)
      owners.set(d.document_id, owner)
      return { ...d, document_size: pdf.size, total_pages: 1, page_heights: [841.89], is_pdf: true }
    })
  const requests: ZRequest[] = []
  for (const r of fx.requests) {
    requests.push({
      request_type_id: OTHERS_REQUEST_TYPE,
      description: '',
      notes: '',
      owner_id: OWNER_ID,
      modified_time: r.action_time ?? r.created_time,
      ...SIGNING_DEFAULTS,
      self_sign: false,
      ...r,
      documents: documents(r.documents, { kind: 'request', id: r.request_id }),
      actions: r.actions.map(action),
      zsdocumentid: random.string(43, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'),
    })
  }
  const templates: ZTemplate[] = []
  for (const t of fx.templates) {
    templates.push({
      request_type_id: OTHERS_REQUEST_TYPE,
      description: '',
      notes: '',
      owner_id: OWNER_ID,
      modified_time: t.created_time,
      ...SIGNING_DEFAULTS,
      ...t,
      documents: documents(t.documents, { kind: 'template', id: t.template_id }),
      document_fields: t.document_fields.map(completeField),
      actions: t.actions.map(action),
    })
  }
  return {
    meta: { next_id: 2000000700000, next_webhook_id: 200000837000, token_seq: fx.tokens.length, sweep_at: firstSweep(requests) },
    accounts: Collection.keyed(fx.accounts, (a) => a.account_id),
    users: Collection.keyed(fx.users, (u) => u.user_id),
    clients: Collection.keyed(fx.clients, (c) => c.client_id),
    tokens: Collection.keyed(
      fx.tokens.map((t, i): ZToken => ({ client_id: fx.clients[0].client_id, ...t, dc: null, created: 0, seq: i })),
      (t) => t.token,
    ),
    folders: Collection.keyed(fx.folders, (f) => f.folder_id),
    requestTypes: Collection.keyed(fx.request_types, (t) => t.request_type_id),
    requests: Collection.keyed(requests, (r) => r.request_id),
    templates: Collection.keyed(templates, (t) => t.template_id),
    webhooks: Collection.keyed(fx.webhooks, (w) => w.webhook_id),
    signIds: new Collection(),
    files,
    documentOwners: owners,
  }
}
