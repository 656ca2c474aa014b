import { loadFixture } from '../../lib/fixtures.js'
import { fromBase64, toBase64 } from '../../lib/bytes.js'
import { Collection } from '../../state/collection.js'
import type { SeedContext } from '../../lib/vendor.js'
import type { Account, ApiKey, OkDocument, OkState, SignatureRequest, SignatureRequestStatus, Usage } from './model.js'
import { type DocumentState, DEFAULT_EXPIRY_MS } from './constants.js'
import { counterMonth } from './time.js'

/** fixtures/okdokument.json (spec §4): times are offsets from the anchor T (`-2h`, `-3d`). */
interface FixtureFile {
  keys: (ApiKey & { label: string })[]
  accounts: Account[]
  documents: {
    id: string
    account: string
    filename: string
    state: DocumentState
    created: string
    modified: string
    signatureRequest: { id: string; status: SignatureRequestStatus; resulturl: string | null; sendInfoURL: string | null } | null
  }[]
}

/** The sandbox's blank PDF (329 bytes): every fixture document, and converted Office files. */
export const BLANK_PDF = fromBase64(
  'JVBERi0xLjcKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDA5IDAwMDAwIG4gCjAwMDAwMDAwNTggMDAwMDAgbiAKMDAwMDAwMDExNSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE4NgolJUVPRgo=',
)

/** BLANK_PDF as stored content: encoded once, shared by every workspace's fixture documents. */
let blankContent: string | undefined

const UNIT: Record<string, number> = { h: 3600_000, d: 86_400_000 }
const offset = (text: string): number => Number(text.slice(0, -1)) * UNIT[text.slice(-1)]

function emptyUsage(account: string): Usage {
  return {
    account,
    totals: { file: 0, signatureRequest: 0, download: 0, deleted: 0 },
    months: { file: {}, signatureRequest: {}, download: {}, deleted: {} },
  }
}

function count(usage: Usage, kind: 'file' | 'signatureRequest', at: number): void {
  usage.totals[kind] += 1
  const m = counterMonth(at)
  usage.months[kind][m] = (usage.months[kind][m] ?? 0) + 1
}

export function seedState({ now }: SeedContext): OkState {
  const f = loadFixture<FixtureFile>('okdokument')
  const usage = new Map(f.accounts.map((a) => [a.name, emptyUsage(a.name)]))
  const documents: [string, OkDocument][] = []
  const requests: [string, SignatureRequest][] = []
  for (const d of f.documents) {
    const createdAt = now + offset(d.created)
    const modifiedAt = now + offset(d.modified)
    const sr = d.signatureRequest
    let content = (blankContent ??= toBase64(BLANK_PDF))
    if (sr && (d.state === 'signed' || d.state === 'errorsendinfo')) {
      content = toBase64(
        new Uint8Array([
          ...BLANK_PDF,
          ...new TextEncoder().encode(`%OKDOKUMENT-SANDBOX-SIGNATURE ${sr.id} ${new Date(modifiedAt).toISOString()}\n`),
        ]),
      )
    }
    documents.push([
      d.id,
      {
        id: d.id,
        account: d.account,
        filename: d.filename,
        state: d.state,
        content,
        createdAt,
        modifiedAt,
        processingUntil: null,
        signatureRequestIds: sr ? [sr.id] : [],
        actedSignatureRequestId: sr && sr.status !== 'active' ? sr.id : null,
      },
    ])
    count(usage.get(d.account) as Usage, 'file', createdAt)
    if (!sr) continue
    const outcome = sr.status === 'signed' || sr.status === 'canceled' ? sr.status : null
    requests.push([
      sr.id,
      {
        id: sr.id,
        account: d.account,
        documentId: d.id,
        url: null,
        resulturl: sr.resulturl,
        sendInfoURL: sr.sendInfoURL,
        allowedFields: {},
        rules: {},
        expirationTime: createdAt + DEFAULT_EXPIRY_MS,
        fieldConfig: [],
        sigData: null,
        status: sr.status,
        outcome,
        createdAt,
      },
    ])
    count(usage.get(d.account) as Usage, 'signatureRequest', createdAt)
  }
  return {
    keys: Collection.keyed(
      f.keys.map(({ label: _label, ...k }) => k),
      (k) => k.key,
    ),
    accounts: Collection.keyed(f.accounts, (a) => a.name),
    documents: new Collection(documents),
    signatureRequests: new Collection(requests),
    usage: new Collection(usage),
  }
}
