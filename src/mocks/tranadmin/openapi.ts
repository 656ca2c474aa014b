import { z } from 'zod'
import type { ApiOperation, VendorApiDoc } from '../../lib/api-doc.js'
import { ALLOWED_METHODS, API_SEGMENT, CALLS, type CallName } from './constants.js'

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

function operations(): Record<string, ApiOperation> {
  const out: Record<string, ApiOperation> = {}
  for (const call of CALLS)
    for (const method of ALLOWED_METHODS)
      for (const path of [`/:webapp/${API_SEGMENT}/${call}`, `/${API_SEGMENT}/${call}`]) {
        const get = method === 'GET'
        out[`${method} ${path}`] = {
          summary: `${SUMMARY[call]}${path.startsWith('/:webapp') ? '' : ' (without a webapp segment)'}`,
          ...(get ? { query: PARAMS[call] } : { body: { type: 'application/x-www-form-urlencoded' as const, schema: PARAMS[call] } }),
          response: { type: RESPONSE[call] },
          ...(call === 'GetStatus' && get && path.startsWith('/:webapp')
            ? { example: { params: { webapp: 'demo' }, query: { ...CREDENTIALS, ESFTID: '11111111-1111-4111-8111-111111111111' } } }
            : {}),
        }
      }
  return out
}

export const api: VendorApiDoc = {
  description:
    'Open eSignForms transaction admin API (tranadmin): GetStatus, GetDocumentSnapshot and RenotifyParty, as GET query or POST form parameters. ' +
    'Every call carries ESFLOGINUSER and ESFLOGINPASSWORD (fixture apiuser@example.com / secure) and ESFTID.',
  securitySchemes: {
    esfLoginUser: { type: 'apiKey', in: 'query', name: 'ESFLOGINUSER', description: 'user e-mail (or a POST form field)' },
    esfLoginPassword: { type: 'apiKey', in: 'query', name: 'ESFLOGINPASSWORD', description: 'password (or a POST form field)' },
  },
  security: [['esfLoginUser', 'esfLoginPassword']],
  operations: operations(),
}
