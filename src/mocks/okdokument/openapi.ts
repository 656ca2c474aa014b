import { z } from 'zod'
import { defineApiDoc, EXAMPLE_PDF_BASE64, examplePdfFile, formBody, jsonBody, multipartBody, type Replies } from '../../lib/api-doc.js'
import { createSignatureRequestBody, updateSignatureRequestBody, uploadDocumentBody } from './schemas.js'

/** What the OpenAPI document says beyond the routes (okdokument.md): the API key, summaries, bodies, the example flow. */

const headers = {
  'x-api-key':
    '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2',
}
/** Fixture documents: to sign (its request SR1), signed, and one deleted last. */
const TOSIGN = 'y7Ki_u1mrUwijfb-o_S1JiphSsoXya8iypH380F'
const SR1 = '1d58a59e-e8f7-4d07-bb99-d3fa39cb58a8'
const SIGNED = 'KluYIFdlKdMwj6uUvtaiJVfU7wicpHdEoziIbob'
const SPARE = '7fJ4MGBLeV0_9bzHVwAxh6k2_TYlbHHoHG9UHKX'
const page = { security: [], response: { type: 'text/html' } }
const redirect = { security: [], response: { status: 302, type: 'none' } }
const CREATE = 'POST /JSON/signatureRequest'
/** The document of the latest signature request created. */
const signing = (reply: Replies) => reply(CREATE, 'documentId')

export const api = defineApiDoc({
  description:
    'OKdokument signature requests: upload a PDF, create a signature request, follow the signer through the signing page, download the signed PDF. ' +
    'Every /JSON/* and /rest/* call needs the header x-api-key (fixture keys in docs/vendors/okdokument.md).',
  securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
  operations: {
    [CREATE]: {
      summary: 'Create a signature request (with a PDF, or for an uploaded document)',
      body: jsonBody(createSignatureRequestBody),
    },
    ['PATCH /JSON/signatureRequest']: { summary: 'Update a signature request', body: jsonBody(updateSignatureRequestBody) },
    ['DELETE /JSON/signatureRequest/:signatureRequestId']: { summary: 'Delete a signature request' },
    ['POST /JSON/signatureRequest/:signatureRequestId']: { summary: 'Register the callback of a signature request' },
    ['POST /JSON/document']: { summary: 'Upload a document (JSON, base64 content)', body: jsonBody(uploadDocumentBody) },
    ['POST /JSON/upload']: {
      summary: 'Upload a document (multipart)',
      body: multipartBody(z.object({ file: z.string(), dataText: z.string().optional() })),
    },
    ['GET /JSON/document/:documentId']: { summary: 'Download a document (PDF)', response: { type: 'application/pdf' } },
    ['GET /rest/document/:documentId']: { summary: 'Download a document (PDF)', response: { type: 'application/pdf' } },
    ['DELETE /JSON/document/:documentId']: { summary: 'Delete a document' },
    ['GET /JSON/document/metadata/:documentId']: { summary: "A document's metadata" },
    ['GET /JSON/list/flat']: {
      summary: "The account's documents",
      query: z.object({ state: z.string().optional().describe('only documents in this state') }),
    },
    ['GET /JSON/counter']: { summary: "The account's signature-request credit and usage" },
    ['GET /viewDocument']: { summary: 'The signing page (HTML) of a signature request', ...page, query: z.object({ id: z.string() }) },
    ['POST /viewDocument']: {
      summary: 'The signer presses Submit (action=sign) or Close (action=cancel): on to the result URL',
      security: [],
      query: z.object({ id: z.string() }),
      body: formBody(z.object({ action: z.enum(['sign', 'cancel']) })),
      response: { status: 303, type: 'none' },
    },
    ['GET /viewDocument/pdf']: {
      summary: 'The document shown on the signing page (PDF)',
      security: [],
      query: z.object({ id: z.string() }),
      response: { type: 'application/pdf' },
    },
    ['GET /thankYouPage.html']: { summary: 'The page after signing (HTML)', ...page },
    ['GET /openDocument/:signatureRequestId']: { summary: 'Open a signature request: redirects to the signing page', ...redirect },
    ['GET /:signatureRequestId']: { summary: 'Short signing link: redirects to the signing page', ...redirect },
  },
  examples: [
    { op: 'GET /JSON/document/metadata/:documentId', request: { headers, params: { documentId: TOSIGN } } },
    { op: 'GET /JSON/list/flat', request: { headers, query: { state: 'signed' } } },
    { op: 'GET /JSON/counter', request: { headers } },
    {
      op: CREATE,
      request: {
        headers,
        json: {
          signatureRequestId: 'contract-1001',
          filedata: { content: EXAMPLE_PDF_BASE64, filename: 'contract.pdf' },
          resulturl: 'https://portal.example.test/done',
        },
      },
    },
    {
      op: 'PATCH /JSON/signatureRequest',
      request: { headers, json: { signatureRequestId: 'contract-1001', resulturl: 'https://portal.example.test/signed' } },
    },
    {
      op: 'POST /JSON/signatureRequest/:signatureRequestId',
      request: { headers, params: { signatureRequestId: 'contract-1001' }, json: { sendInfoURL: 'https://portal.example.test/sendinfo' } },
    },
    { op: 'GET /openDocument/:signatureRequestId', request: { params: { signatureRequestId: SR1 } } },
    { op: 'GET /:signatureRequestId', request: { params: { signatureRequestId: SR1 } } },
    // A second request, without a callback, that the signer signs on the signing page.
    {
      op: CREATE,
      request: {
        headers,
        json: {
          signatureRequestId: 'contract-1002',
          filedata: { content: EXAMPLE_PDF_BASE64, filename: 'annex.pdf' },
          resulturl: 'https://portal.example.test/done',
        },
      },
    },
    { op: 'GET /viewDocument', request: (reply) => ({ query: { id: signing(reply) } }) },
    { op: 'GET /viewDocument/pdf', request: (reply) => ({ query: { id: signing(reply) } }) },
    { op: 'POST /viewDocument', request: (reply) => ({ query: { id: signing(reply) }, form: { action: 'sign' } }) },
    { op: 'GET /thankYouPage.html' },
    {
      op: 'POST /JSON/document',
      request: { headers, json: { filename: 'offer.pdf', state: 'tosign', file: { content: EXAMPLE_PDF_BASE64 } } },
    },
    {
      op: 'POST /JSON/upload',
      request: { headers, multipart: { file: examplePdfFile('offer.pdf'), dataText: '{"signatureRequestId": "offer-7"}' } },
    },
    { op: 'GET /JSON/document/:documentId', request: { headers, params: { documentId: SIGNED } } },
    { op: 'GET /rest/document/:documentId', request: { headers, params: { documentId: SIGNED } } },
    { op: 'DELETE /JSON/signatureRequest/:signatureRequestId', request: { headers, params: { signatureRequestId: 'contract-1001' } } },
    { op: 'DELETE /JSON/document/:documentId', request: { headers, params: { documentId: SPARE } } },
  ],
})
