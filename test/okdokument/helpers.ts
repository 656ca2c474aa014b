import type { Door } from '../helpers/doors.js'
import type { BuiltinSimulate } from '../../src/index.js'

/** Fixture identities of specs/okdokument.md §4, as a QA engineer would use them. */
export const P = '/okdokument'
export const K =
  '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2'
export const KR =
  '25c04512_89658dd02778d75fa377823dcc84f46032776420e71be9c16a647d945de36884846a707d58fc1772ee0dad40d8c081b3ef6bf5b9bffc0e87beea6062d49cf78b'
export const KX =
  'c089bb07_db6acca99cf9a483b4823095ff2b1e16370a9f01db9ac22aa1159cc0bb0df4f6fdf0482f6c33e439ddbabc8a32236360468d64e135b0c458e066df5ea058f991'
export const KN =
  '905b6d50_f6d13a86078205143694e3cb22a66c77bdfce814bcb6c9e4016600efbab60b49dd3d15fa16c06b3d78a7282462ae313711f1d29d81950eff9ccf65afdba6fbd1'
export const PDF =
  'JVBERi0xLjcKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAyMDAgMjAwXSA+PgplbmRvYmoKeHJlZgowIDQKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDA5IDAwMDAwIG4gCjAwMDAwMDAwNTggMDAwMDAgbiAKMDAwMDAwMDExNSAwMDAwMCBuIAp0cmFpbGVyCjw8IC9TaXplIDQgL1Jvb3QgMSAwIFIgPj4Kc3RhcnR4cmVmCjE4NgolJUVPRgo='
export const D = {
  D1: 'y7Ki_u1mrUwijfb-o_S1JiphSsoXya8iypH380F',
  D2: 'ODjfcRNL2EDLbdDZ1c5jAU2rjTbrNLwMtshF6Pw',
  D3: 'KluYIFdlKdMwj6uUvtaiJVfU7wicpHdEoziIbob',
  D4: 'ZTvUAp_COuneHeKK_IQQ8Vh2bZnzv45PfcIrCdc',
  D5: 'AJHdIEqJej_bQ8f80YMM3t207GMHzrNfYY5R2Xj',
  D6: '7fJ4MGBLeV0_9bzHVwAxh6k2_TYlbHHoHG9UHKX',
  D7: 'IIezPfFK1ohaoehyQm6oJB6MJbhQsIfvkU4mBmN',
}
export const SR = {
  SR1: '1d58a59e-e8f7-4d07-bb99-d3fa39cb58a8',
  SR2: '32f8628d-6658-443d-a2a0-f59d9d3752d2',
  SR3: '5b7e2c1d-9a8f-4e6b-b3c2-7d1e0f9a8b6c',
  SR4: '8c1d2e3f-4a5b-4c6d-9e7f-0a1b2c3d4e5f',
  SR5: 'a4b3c2d1-e0f9-4a8b-8c7d-6e5f4a3b2c1d',
  SR7: 'e2d4f6a8-1b3c-4d5e-8f9a-0b1c2d3e4f5a',
}
/** The seed's error example: one character longer than SR2, and never a stored id. */
export const SEED_UNKNOWN = '32f8628d-6658-443d-a2a0-f59d9d3752d222'

/** A small client over one door and workspace, so tests read like the wiki's examples. */
export function client(door: Door, ws: string) {
  const call = async (
    method: string,
    path: string,
    opts: { key?: string | null; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...opts.headers }
    const key = opts.key === undefined ? K : opts.key
    if (key !== null) headers['x-api-key'] = key
    let body = opts.body
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = typeof opts.json === 'string' ? opts.json : JSON.stringify(opts.json)
    }
    const res = await door.fetch(P, path, ws, { method, headers, body })
    const text = await res.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    return {
      status: res.status,
      text,
      json: json as Record<string, unknown>,
      list: (Array.isArray(json) ? json : []) as Record<string, unknown>[],
      headers: res.headers,
    }
  }
  return {
    call,
    ws,
    base: door.base(P, ws),
    control: door.control(ws),
    get: (path: string, key?: string | null) => call('GET', path, { key }),
    create: (json: unknown, key?: string) => call('POST', '/JSON/signatureRequest', { json, key }),
    patch: (json: unknown, key?: string) => call('PATCH', '/JSON/signatureRequest', { json, key }),
    metadata: (id: string, key?: string) => call('GET', `/JSON/document/metadata/${id}`, { key }),
    simulate: <A extends keyof BuiltinSimulate['okdokument'] & string>(action: A, body: BuiltinSimulate['okdokument'][A]['body']) =>
      door.control(ws).simulate('okdokument', action, body),
  }
}

export const createPdf = (extra: Record<string, unknown> = {}) => ({ filedata: { content: PDF, filename: 'acceptance.pdf' }, ...extra })
