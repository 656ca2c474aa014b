import { expect } from 'vitest'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { Door } from '../helpers/doors.js'
import { at, obj, objs, str, type Json, type JsonObject } from '../helpers/json.js'

/** Fixture identities of spec §10 and the request helpers of the contract suite. */
export const PREFIX = '/openesignforms'
export const T1 = '11111111-1111-4111-8111-111111111111'
export const T2 = '22222222-2222-4222-8222-222222222222'
export const T3 = '33333333-3333-4333-8333-333333333333'
export const T4 = '44444444-4444-4444-8444-444444444444'
export const T5 = '55555555-5555-4555-8555-555555555555'
export const T6 = '66666666-6666-4666-8666-666666666666'
export const T7 = '77777777-7777-4777-8777-777777777777'
export const NOWHERE = '99999999-9999-4999-8999-999999999999'
export const NS = 'http://open.esignforms.com/XMLSchema/2009'
export const A = { ESFLOGINUSER: 'apiuser@example.com', ESFLOGINPASSWORD: 'secure' }
export const FROZEN = '2026-03-01T12:00:00Z'
export const ESF = 'https://esf.example.test'

/**
 * The base of the pickup links a door hands out (spec §7.4): the configured host, plus `/ws/<ws>` under MSW,
 * where the workspace travels in a header and links lead back to it (sandbox.md §8).
 */
export const pickupBase = (door: Door, ws: string, host = ESF): string => (door.mode === 'msw' ? `${host}/ws/${ws}` : host)
/** In-process control calls hand out links rooted at the real host: `/ws/<ws>` shows whichever door the test uses. */
export const controlPickupBase = (ws: string, host = ESF): string => `${host}/ws/${ws}`

const LISTS = ['parties.party', 'documents.document', 'errors.error', 'notified.to', 'nameValues.nameValue']

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, jpath) => LISTS.some((l) => String(jpath).endsWith(l)),
})

/**
 * With these options fast-xml-parser gives only strings (text and `@_` attributes), objects
 * (elements) and arrays (the LISTS, and repeated elements): a subset of `Json`.
 */
export function parseXml(text: string): JsonObject {
  expect(XMLValidator.validate(text)).toBe(true)
  return obj(parser.parse(text) as Json, 'parsed XML')
}

export interface Reply {
  status: number
  text: string
  headers: Headers
  /** The parsed `esfTranAdminResponse`; reading it throws unless the answer was a 200. */
  readonly x: JsonObject
}

export interface CallOptions {
  method?: string
  webapp?: string | null
  query?: string
  headers?: Record<string, string>
  body?: string
}

export const form = (params: Record<string, string>): string => new URLSearchParams(params).toString()

export function client(door: Door, ws: string) {
  const call = async (name: string, params: Record<string, string> = {}, opts: CallOptions = {}): Promise<Reply> => {
    const webapp = opts.webapp === undefined ? 'demo' : opts.webapp
    const path = `${webapp === null ? '' : `/${webapp}`}/tranadmin/${name}${opts.query !== undefined ? `?${opts.query}` : ''}`
    const method = opts.method ?? 'POST'
    const hasBody = method !== 'GET' && method !== 'HEAD'
    const res = await door.fetch(PREFIX, path, ws, {
      method,
      headers:
        hasBody && opts.body === undefined ? { 'content-type': 'application/x-www-form-urlencoded', ...opts.headers } : { ...opts.headers },
      body: hasBody ? (opts.body ?? form(params)) : undefined,
    })
    const text = await res.text()
    const x = res.status === 200 ? obj(parseXml(text).esfTranAdminResponse, 'esfTranAdminResponse') : undefined
    const status = res.status
    return {
      status,
      text,
      headers: res.headers,
      get x(): JsonObject {
        if (x === undefined) throw new Error(`no esfTranAdminResponse: the answer was ${status}, not 200`)
        return x
      },
    }
  }
  const withA = (name: string, tid: string, params: Record<string, string> = {}, opts: CallOptions = {}) =>
    call(name, { ...A, ESFTID: tid, ...params }, opts)
  return {
    call,
    /** The pickup-link base this door hands out in this workspace. */
    esf: pickupBase(door, ws),
    status: (tid: string, p?: Record<string, string>, o?: CallOptions) => withA('GetStatus', tid, p, o),
    snapshot: (tid: string, p?: Record<string, string>, o?: CallOptions) => withA('GetDocumentSnapshot', tid, p, o),
    renotify: (tid: string, p?: Record<string, string>, o?: CallOptions) => withA('RenotifyParty', tid, p, o),
  }
}

/** "XML ok" of spec §16. */
export function expectOk(r: Reply, call: string, tid: string): JsonObject {
  expect(r.status, r.text).toBe(200)
  expect(r.headers.get('content-type')).toBe('text/xml; charset=UTF-8')
  expect(r.headers.get('cache-control')).toBe('no-store')
  expect(r.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true)
  expect(r.text.endsWith('</esfTranAdminResponse>\n')).toBe(true)
  expect(r.x['@_xmlns']).toBe(NS)
  expect(r.x.call).toBe(call)
  expect(r.x.result).toBe('success')
  expect(r.x.tid).toBe(tid)
  expect(r.x.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
  return r.x
}

/** "XML error [codes]" of spec §16; returns the error texts. */
export function expectXmlError(r: Reply, call: string, codes: string[]): string[] {
  expect(r.status, r.text).toBe(200)
  expect(r.headers.get('content-type')).toBe('text/xml; charset=UTF-8')
  expect(r.x.result).toBe('error')
  expect(r.x.call).toBe(call)
  const errors = objs(at(r.x, 'errors', 'error'), 'errors.error')
  expect(at(r.x, 'errors', '@_count')).toBe(String(codes.length))
  expect(errors.map((e) => e['@_code'])).toEqual(codes)
  return errors.map((e) => str(e['#text'], 'error text'))
}

/** "Empty N": status N, no body, no Content-Type. */
export function expectEmpty(r: Reply, status: number): void {
  expect(r.status).toBe(status)
  expect(r.text).toBe('')
  expect(r.headers.get('content-type')).toBeNull()
}

/** Decodes a base64 element text (a string, checked). */
export const b64 = (text: Json | undefined): Buffer => Buffer.from(str(text, 'base64 text'), 'base64')
