import { z } from 'zod'
import type { VendorApiDoc } from '../../lib/api-doc.js'
import { createSignatureRequestBody, updateSignatureRequestBody, uploadDocumentBody } from './schemas.js'

/** What the OpenAPI document says beyond the routes (okdokument.md): the API key, summaries, bodies. */

const json = 'application/json' as const
const KEY = {
  'x-api-key':
    '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2',
}
const DOCUMENT = 'AJHdIEqJej_bQ8f80YMM3t207GMHzrNfYY5R2Xj'
const page = { security: [], response: { type: 'text/html' } }

export const api: VendorApiDoc = {
  description:
    'OKdokument signature requests: upload a PDF, create a signature request, follow the signer through the signing page, download the signed PDF. ' +
    'Every /JSON/* and /rest/* call needs the header x-api-key (fixture keys in docs/vendors/okdokument.md).',
  securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
  security: ['apiKey'],
  operations: {
    ['POST /JSON/signatureRequest']: {
      summary: 'Create a signature request (with a PDF, or for an uploaded document)',
      body: { type: json, schema: createSignatureRequestBody },
    },
    ['PATCH /JSON/signatureRequest']: { summary: 'Update a signature request', body: { type: json, schema: updateSignatureRequestBody } },
    ['DELETE /JSON/signatureRequest/:signatureRequestId']: { summary: 'Delete a signature request' },
    ['POST /JSON/signatureRequest/:signatureRequestId']: { summary: 'Register the callback of a signature request' },
    ['POST /JSON/document']: { summary: 'Upload a document (JSON, base64 content)', body: { type: json, schema: uploadDocumentBody } },
    ['POST /JSON/upload']: {
      summary: 'Upload a document (multipart)',
      body: { type: 'multipart/form-data', schema: z.object({ file: z.string() }) },
    },
    ['GET /JSON/document/:documentId']: { summary: 'Download a document (PDF)', response: { type: 'application/pdf' } },
    ['GET /rest/document/:documentId']: { summary: 'Download a document (PDF)', response: { type: 'application/pdf' } },
    ['DELETE /JSON/document/:documentId']: { summary: 'Delete a document' },
    ['GET /JSON/document/metadata/:documentId']: {
      summary: "A document's metadata",
      example: { headers: KEY, params: { documentId: DOCUMENT } },
    },
    ['GET /JSON/list/flat']: {
      summary: "The account's documents",
      query: z.object({ state: z.string().optional().describe('only documents in this state') }),
      example: { headers: KEY },
    },
    ['GET /JSON/counter']: { summary: "The account's signature-request credit and usage", example: { headers: KEY } },
    ['GET /viewDocument']: { summary: 'The signing page (HTML) of a signature request', ...page, query: z.object({ id: z.string() }) },
    ['GET /thankYouPage.html']: { summary: 'The page after signing (HTML)', ...page },
    ['GET /openDocument/:signatureRequestId']: {
      summary: 'Open a signature request: redirects to the signing page',
      security: [],
      response: { status: 302, type: 'none' },
    },
    ['GET /:signatureRequestId']: {
      summary: 'Short signing link: redirects to the signing page',
      security: [],
      response: { status: 302, type: 'none' },
    },
  },
}
