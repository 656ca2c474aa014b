import { z } from 'zod'
import { defineApiDoc, formBody, type ApiOperation, type ExampleStep } from '../../lib/api-doc.js'
import { ALLOWED_METHODS, API_SEGMENT, CALLS, PICKUP_PATH, type CallName } from './constants.js'

/** What the OpenAPI document says beyond the routes (tranadmin.md §3): the parameters of each call, as query or form fields. */

const esfName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/)
const common = {
  ESFTID: z.string().describe('the transaction id (a UUID)'),
}
const PARAMS: Record<CallName, z.ZodObject> = {
  GetStatus: z.object({ ...common, ESFDOCUMENT: esfName.optional(), ESFPARTY: esfName.optional() }),
  GetDocumentSnapshot: z.object({
    ...common,
    FORMAT: z.string().describe('HTML, PDF, XMLDSIG or PDFMERGE'),
    ESFDOCUMENT: esfName.optional(),
    ESFPARTY: esfName.optional(),
    INCLUDEDATA: z.string().optional().describe('XMLDSIG or XML'),
  }),
  RenotifyParty: z.object({
    ...common,
    ESFPARTY: z.string().optional().describe('a party name or its e-mail address'),
    TRANSFERPARTY: z.string().optional().describe('send the party to this e-mail address instead'),
  }),
}
const SUMMARY: Record<CallName, string> = {
  GetStatus: 'Status of a transaction, its parties and documents (XML)',
  GetDocumentSnapshot: 'Snapshot of a completed document (HTML, PDF, XMLDSIG or merged PDF)',
  RenotifyParty: 'E-mail an active party its pickup link again (optionally to another address)',
}
const RESPONSE: Record<CallName, string> = { GetStatus: 'text/xml', GetDocumentSnapshot: 'application/pdf', RenotifyParty: 'text/xml' }
const CREDENTIALS = { ESFLOGINUSER: 'apiuser@example.com', ESFLOGINPASSWORD: 'secure' }
/** The parameters each call's example sends: fixture transactions T1 (in progress) and T3 (completed). */
const EXAMPLE: Record<CallName, Record<string, string>> = {
  GetStatus: { ESFTID: '11111111-1111-4111-8111-111111111111' },
  GetDocumentSnapshot: { ESFTID: '33333333-3333-4333-8333-333333333333', ESFDOCUMENT: 'Terms', FORMAT: 'HTML' },
  RenotifyParty: { ESFTID: '11111111-1111-4111-8111-111111111111', ESFPARTY: 'Employee' },
}
const BASES = [`/:webapp/`, '/']
const pickup = (base: string) => `${base}${PICKUP_PATH}/:code`
/** Fixture pickup codes: T5's Buyer (Active), T6's Acknowledger (Retrieved). */
const BUYER = 'T5Buyer0000000000012'
const ACKNOWLEDGER = 'T6Acknowledger000013'

function operations(): Record<string, ApiOperation> {
  const out: Record<string, ApiOperation> = {}
  for (const call of CALLS)
    for (const method of ALLOWED_METHODS)
      for (const base of BASES) {
        const get = method === 'GET'
        out[`${method} ${base}${API_SEGMENT}/${call}`] = {
          summary: `${SUMMARY[call]}${base === '/' ? ' (without a webapp segment)' : ''}`,
          ...(get ? { query: PARAMS[call] } : { body: formBody(PARAMS[call]) }),
          response: { type: RESPONSE[call] },
        }
      }
  for (const base of BASES) {
    const page = { security: [], response: { type: 'text/html' } }
    out[`GET ${pickup(base)}`] = { summary: "A party's pickup page (its link in the activation e-mail)", ...page }
    out[`POST ${pickup(base)}`] = { summary: 'The party signs and submits its documents', ...page }
    out[`GET ${pickup(base)}/:document`] = {
      summary: "One of the party's documents as a PDF, with its current field values",
      security: [],
      response: { type: 'application/pdf' },
    }
  }
  return out
}

function examples(): ExampleStep[] {
  const steps: ExampleStep[] = []
  for (const call of CALLS)
    for (const method of ALLOWED_METHODS)
      for (const base of BASES) {
        const params = { ...CREDENTIALS, ...EXAMPLE[call] }
        steps.push({
          op: `${method} ${base}${API_SEGMENT}/${call}`,
          request: { params: { webapp: 'demo' }, ...(method === 'GET' ? { query: params } : { form: params }) },
        })
      }
  for (const base of BASES) {
    steps.push({ op: `GET ${pickup(base)}`, request: { params: { webapp: 'demo', code: BUYER } } })
    steps.push({ op: `GET ${pickup(base)}/:document`, request: { params: { webapp: 'demo', code: BUYER, document: 'Contract' } } })
  }
  steps.push({ op: `POST ${pickup('/:webapp/')}`, request: { params: { webapp: 'demo', code: BUYER }, form: {} } })
  steps.push({ op: `POST ${pickup('/')}`, request: { params: { code: ACKNOWLEDGER }, form: {} } })
  return steps
}

export const api = defineApiDoc({
  description:
    'Open eSignForms transaction admin API (tranadmin): GetStatus, GetDocumentSnapshot and RenotifyParty, as GET query or POST form parameters. ' +
    'Every call carries ESFLOGINUSER and ESFLOGINPASSWORD (fixture apiuser@example.com / secure) and ESFTID.',
  securitySchemes: {
    esfLoginUser: { type: 'apiKey', in: 'query', name: 'ESFLOGINUSER', description: 'user e-mail (or a POST form field)' },
    esfLoginPassword: { type: 'apiKey', in: 'query', name: 'ESFLOGINPASSWORD', description: 'password (or a POST form field)' },
  },
  operations: operations(),
  examples: examples(),
})
