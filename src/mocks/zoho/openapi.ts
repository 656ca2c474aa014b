import { z } from 'zod'
import type { ApiOperation, VendorApiDoc } from '../../lib/api-doc.js'
import { hmacSettingsSchema, pageContextSchema } from './schemas.js'

/** What the OpenAPI document says beyond the routes: OAuth, summaries, the bodies (zoho-sign.md). */

const API = '/api/v1'
const form = 'application/x-www-form-urlencoded' as const
const AUTH = { authorization: 'Zoho-oauthtoken 1000.aaaa0000000000000000000000000001.5a4db0c0000000000000000000000001' }
const REQUEST = '2000000489191'

/** Zoho Sign takes its JSON in a form field `data` (or a multipart part of that name, beside the files). */
const dataForm = (what: string) => z.object({ data: z.string().describe(`${what}, as a JSON string`) })
const withData = (summary: string, what: string): ApiOperation => ({ summary, body: { type: form, schema: dataForm(what) } })
const listQuery = z.object({
  data: z
    .string()
    .optional()
    .describe(`{"page_context": {${Object.keys(pageContextSchema.shape).join(', ')}}} as a JSON string`),
})

export const api: VendorApiDoc = {
  description:
    'Zoho Sign API v1 (/zoho) and Zoho Accounts OAuth 2.0 (/zoho-accounts), every data centre. ' +
    'Authenticate with `Authorization: Zoho-oauthtoken <access token>` (fixture: 1000.aaaa0000000000000000000000000001.5a4db0c0000000000000000000000001); ' +
    'get tokens from POST /oauth/v2/token on the Accounts mount.',
  securitySchemes: {
    zohoOauthToken: {
      type: 'apiKey',
      in: 'header',
      name: 'Authorization',
      description: 'Zoho-oauthtoken <access token> (Bearer <access token> is accepted too)',
    },
  },
  security: ['zohoOauthToken'],
  operations: {
    [`POST ${API}/requests`]: withData('Create a draft request (multipart with files, or form data)', '{"requests": {...}}'),
    [`GET ${API}/requests`]: {
      summary: 'List requests',
      query: listQuery,
      example: { headers: AUTH },
    },
    [`GET ${API}/myrequests`]: { summary: 'Requests sent to me', query: listQuery },
    [`PUT ${API}/requests/:id`]: withData('Update a draft request', '{"requests": {...}}'),
    [`GET ${API}/requests/:id`]: {
      summary: 'A request with its actions and documents',
      example: { headers: AUTH, params: { id: REQUEST } },
    },
    [`POST ${API}/requests/:id/submit`]: withData('Submit a draft for signature', '{"requests": {...}}'),
    [`POST ${API}/requests/:id/sign`]: withData('Self-sign', '{"requests": {...}}'),
    [`GET ${API}/requests/:id/pdf`]: { summary: 'Download the documents (PDF, or ZIP for several)', response: { type: 'application/pdf' } },
    [`GET ${API}/requests/:id/documents/:documentId/pdf`]: { summary: 'Download one document', response: { type: 'application/pdf' } },
    [`GET ${API}/requests/:id/completioncertificate`]: { summary: 'The completion certificate', response: { type: 'application/pdf' } },
    [`GET ${API}/requests/:id/fielddata`]: { summary: 'Field values entered by the recipients' },
    [`POST ${API}/requests/:id/recall`]: { summary: 'Recall an in-progress request' },
    [`POST ${API}/requests/:id/remind`]: { summary: 'Remind the current recipients' },
    [`PUT ${API}/requests/:id/delete`]: { summary: 'Move a request to trash' },
    [`PUT ${API}/requests/:id/extend`]: withData('Extend the expiry date', '{"expire_by": "<date>"}'),
    [`POST ${API}/requests/:id/extend`]: withData('Extend the expiry date', '{"expire_by": "<date>"}'),
    [`POST ${API}/requests/:id/actions/:actionId/embedtoken`]: { summary: 'An embedded signing URL for that action' },
    [`DELETE ${API}/documents/:documentId/delete`]: { summary: 'Delete a document of a draft' },
    [`PUT ${API}/documents/:documentId/delete`]: { summary: 'Delete a document of a draft' },
    [`POST ${API}/templates`]: withData('Create a template (multipart with files)', '{"templates": {...}}'),
    [`GET ${API}/templates`]: { summary: 'List templates', query: listQuery, example: { headers: AUTH } },
    [`PUT ${API}/templates/:id`]: withData('Update a template', '{"templates": {...}}'),
    [`GET ${API}/templates/:id`]: { summary: 'A template' },
    [`POST ${API}/templates/:id/createdocument`]: withData('Send a request from a template', '{"templates": {...}}'),
    [`PUT ${API}/templates/:id/delete`]: { summary: 'Delete a template' },
    [`GET ${API}/accounts`]: { summary: 'The account', example: { headers: AUTH } },
    [`GET ${API}/users`]: { summary: 'Users of the account' },
    [`POST ${API}/users/invite`]: withData('Invite a user', '{"users": [...]}'),
    [`PUT ${API}/users/:id`]: withData('Update a user', '{"users": {...}}'),
    [`PUT ${API}/users/:id/delete`]: { summary: 'Deactivate a user' },
    [`POST ${API}/folders`]: withData('Create a folder', '{"folders": {...}}'),
    [`GET ${API}/folders`]: { summary: 'Folders' },
    [`GET ${API}/fieldtypes`]: { summary: 'Field types' },
    [`GET ${API}/requesttypes`]: { summary: 'Request types' },
    [`POST ${API}/requesttypes`]: withData('Create a request type', '{"request_types": {...}}'),
    [`PUT ${API}/requesttypes/:id`]: withData('Update a request type', '{"request_types": {...}}'),
    [`POST ${API}/requesttypes/:id`]: withData('Update a request type', '{"request_types": {...}}'),
    [`POST ${API}/accounts/webhooks`]: {
      summary: 'Create a webhook',
      body: { type: form, schema: dataForm(`{"webhook": {...}}; HMAC settings: ${JSON.stringify(Object.keys(hmacSettingsSchema.shape))}`) },
    },
    [`GET ${API}/accounts/webhooks`]: { summary: 'Webhooks' },
    [`PUT ${API}/accounts/webhooks/:id`]: withData('Update a webhook', '{"webhook": {...}}'),
    [`GET ${API}/accounts/webhooks/:id`]: { summary: 'A webhook' },
    [`DELETE ${API}/accounts/webhooks/:id`]: { summary: 'Delete a webhook' },
    [`POST ${API}/accounts/webhooks/:id/unsubscribe`]: { summary: 'Deactivate a webhook' },
    [`POST ${API}/accounts/webhooks/:id/activate`]: { summary: 'Activate a webhook' },
    ['GET /oauth/v2/auth']: {
      summary: 'Authorization (consent) page: redirects to redirect_uri with a code',
      security: [],
      response: { status: 302, type: 'none' },
    },
    ['POST /oauth/v2/token']: {
      summary: 'Exchange a code or refresh token for an access token',
      security: [],
      body: {
        type: form,
        schema: z.object({
          grant_type: z.enum(['authorization_code', 'refresh_token', 'client_credentials']),
          client_id: z.string(),
          client_secret: z.string(),
          code: z.string().optional(),
          refresh_token: z.string().optional(),
          redirect_uri: z.string().optional(),
        }),
      },
      example: {
        form: {
          grant_type: 'refresh_token',
          client_id: '1000.SANDBOXZOHOSIGNCLIENT000000001',
          client_secret: 'sandboxzohosignclientsecret000000000000001',
          refresh_token: '1000.ffff0000000000000000000000000001.5a4db0c0000000000000000000000001',
        },
      },
    },
    ['POST /oauth/v2/token/revoke']: { summary: 'Revoke a refresh token', security: [], query: z.object({ token: z.string() }) },
  },
}
