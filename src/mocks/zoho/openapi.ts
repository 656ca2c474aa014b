import { z } from 'zod'
import { defineApiDoc, examplePdfFile, formBody, type ApiOperation, type ExampleStep, type Replies } from '../../lib/api-doc.js'
import { hmacSettingsSchema, pageContextSchema } from './schemas.js'

/** What the OpenAPI document says beyond the routes: OAuth, summaries, the bodies, the example flow (zoho-sign.md). */

const API = '/api/v1'
const headers = { authorization: 'Zoho-oauthtoken 1000.aaaa0000000000000000000000000001.5a4db0c0000000000000000000000001' }
const CLIENT = { client_id: '1000.SANDBOXZOHOSIGNCLIENT000000001', client_secret: 'sandboxzohosignclientsecret000000000000001' }
/** Fixture requests: in progress, completed (with document), expired; template 1 with its action. */
const INPROGRESS = '2000000492177'
const COMPLETED = '2000000493009'
const COMPLETED_DOCUMENT = '2000000493003'
const EXPIRED = '2000000500021'
const DECLINED = '2000000500001'
const TEMPLATE = '2000000493035'
const TEMPLATE_ACTION = '2000000493038'

/** Zoho Sign takes its JSON in a form field `data` (or a multipart part of that name, beside the files). */
const dataForm = (what: string) => z.object({ data: z.string().describe(`${what}, as a JSON string`) })
const withData = (summary: string, what: string): ApiOperation => ({ summary, body: formBody(dataForm(what)) })
const listQuery = z.object({
  data: z
    .string()
    .optional()
    .describe(`{"page_context": {${Object.keys(pageContextSchema.shape).join(', ')}}} as a JSON string`),
})
const pdf = { response: { type: 'application/pdf' } }
const page = { security: [], response: { type: 'text/html' } }

const CREATE = `POST ${API}/requests`
const UPDATE = `PUT ${API}/requests/:id`
const TEMPLATE_CREATE = `POST ${API}/templates`
const WEBHOOK_CREATE = `POST ${API}/accounts/webhooks`
const EMBED = `POST ${API}/requests/:id/actions/:actionId/embedtoken`

/** A `data` form field holding JSON. */
const data = (value: unknown): Record<string, string> => ({ data: JSON.stringify(value) })
/** The request, first action and `n`-th document of the latest created request. */
const created = (reply: Replies) => reply(CREATE, 'requests.request_id')
const createdAction = (reply: Replies) => reply(CREATE, 'requests.actions.0.action_id')
const createdDocument = (reply: Replies) => reply(CREATE, 'requests.document_ids.0.document_id')
/** A signature field for the latest created request's first action. */
const signatureFields = (reply: Replies) =>
  data({
    requests: {
      actions: [
        {
          action_id: createdAction(reply),
          fields: [
            {
              field_type_name: 'Signature',
              document_id: createdDocument(reply),
              page_no: 0,
              x_coord: 72,
              y_coord: 650,
              abs_width: 153,
              abs_height: 40,
            },
          ],
        },
      ],
    },
  })
const createRequest = (file: string, requests: Record<string, unknown>): ExampleStep => ({
  op: CREATE,
  request: { headers, multipart: { file: examplePdfFile(file), data: JSON.stringify({ requests }) } },
})
/** The sign_id query of the embedded signing URL. */
const signId = (reply: Replies) => new URL(reply(EMBED, 'sign_url')).searchParams.get('sign_id') ?? ''
const webhook = (reply: Replies) => reply(WEBHOOK_CREATE, 'webhook.webhook_id')

const examples: ExampleStep[] = [
  {
    op: 'GET /oauth/v2/auth',
    request: {
      query: {
        scope: 'ZohoSign.documents.ALL',
        client_id: CLIENT.client_id,
        response_type: 'code',
        redirect_uri: 'https://client.example.test/zoho/callback',
        access_type: 'offline',
        state: 'xyz',
      },
    },
  },
  {
    op: 'POST /oauth/v2/token',
    request: {
      form: {
        grant_type: 'refresh_token',
        refresh_token: '1000.ffff0000000000000000000000000001.5a4db0c0000000000000000000000001',
        ...CLIENT,
      },
    },
  },
  { op: 'GET /oauth/user/info', request: { headers } },
  {
    op: 'POST /oauth/v2/token/revoke',
    request: { query: { token: '1000.ffff0000000000000000000000000003.5a4db0c0000000000000000000000003' } },
  },
  { op: `GET ${API}/accounts`, request: { headers } },
  { op: `GET ${API}/organizations`, request: { headers } },
  { op: `GET ${API}/users`, request: { headers } },
  { op: `POST ${API}/users/invite`, request: { headers, form: { email_id: '["new.hire@zylker.test"]' } } },
  { op: `PUT ${API}/users/:id`, request: { headers, params: { id: '2000000006077' }, form: { role: 'Admin' } } },
  { op: `PUT ${API}/users/:id/delete`, request: { headers, params: { id: '2000000006091' } } },
  { op: `POST ${API}/folders`, request: { headers, form: data({ folders: { folder_name: 'Contracts 2026' } }) } },
  { op: `GET ${API}/folders`, request: { headers } },
  { op: `GET ${API}/fieldtypes`, request: { headers } },
  {
    op: `POST ${API}/requesttypes`,
    request: { headers, form: data({ request_types: { request_type_name: 'Quote', request_type_description: 'Sales quotes' } }) },
  },
  {
    op: `PUT ${API}/requesttypes/:id`,
    request: {
      headers,
      params: { id: '2000000322040' },
      form: data({ request_types: { request_type_description: 'Non-disclosure agreements' } }),
    },
  },
  {
    op: `POST ${API}/requesttypes/:id`,
    request: { headers, params: { id: '2000000322040' }, form: data({ request_types: { request_type_description: 'NDAs' } }) },
  },
  { op: `GET ${API}/requesttypes`, request: { headers } },
  {
    op: `GET ${API}/requests`,
    request: { headers, query: data({ page_context: { row_count: 2, start_index: 1, sort_column: 'created_time', sort_order: 'DESC' } }) },
  },
  { op: `GET ${API}/myrequests`, request: { headers, query: data({ page_context: { row_count: 5, start_index: 1 } }) } },
  { op: `GET ${API}/requests/:id`, request: { headers, params: { id: INPROGRESS } } },
  // A request: create, update, add and remove documents, submit, remind, mark for correction, recall, trash.
  createRequest('nda.pdf', {
    request_name: 'NDA for Acme',
    is_sequential: true,
    actions: [{ action_type: 'SIGN', recipient_name: 'Lia Signer', recipient_email: 'lia.signer@example.test', signing_order: 0 }],
  }),
  {
    op: UPDATE,
    request: (reply) => ({ headers, params: { id: created(reply) }, form: data({ requests: { notes: 'Please sign by Friday' } }) }),
  },
  ...(['DELETE', 'PUT'] as const).flatMap((method): ExampleStep[] => [
    { op: UPDATE, request: (reply) => ({ headers, params: { id: created(reply) }, multipart: { file: examplePdfFile('annex.pdf') } }) },
    {
      op: `${method} ${API}/documents/:documentId/delete`,
      request: (reply) => ({ headers, params: { documentId: reply(UPDATE, 'requests.document_ids.1.document_id') } }),
    },
  ]),
  {
    op: `POST ${API}/requests/:id/submit`,
    request: (reply) => ({ headers, params: { id: created(reply) }, form: signatureFields(reply) }),
  },
  { op: `POST ${API}/requests/:id/remind`, request: (reply) => ({ headers, params: { id: created(reply) } }) },
  { op: `POST ${API}/requests/:id/markforcorrection`, request: (reply) => ({ headers, params: { id: created(reply) } }) },
  { op: `POST ${API}/requests/:id/recall`, request: { headers, params: { id: INPROGRESS }, form: { reason: 'wrong version' } } },
  { op: `PUT ${API}/requests/:id/delete`, request: { headers, params: { id: INPROGRESS } } },
  {
    op: `PUT ${API}/requests/delete`,
    request: { headers, form: { delete_ids: `["${DECLINED}"]`, recall_inprogress: 'false', reason: 'duplicate' } },
  },
  { op: `GET ${API}/requests/:id/pdf`, request: { headers, params: { id: COMPLETED } } },
  {
    op: `GET ${API}/requests/:id/documents/:documentId/pdf`,
    request: { headers, params: { id: COMPLETED, documentId: COMPLETED_DOCUMENT } },
  },
  { op: `GET ${API}/requests/:id/completioncertificate`, request: { headers, params: { id: COMPLETED } } },
  { op: `GET ${API}/requests/:id/fielddata`, request: { headers, params: { id: COMPLETED } } },
  { op: `PUT ${API}/requests/:id/extend`, request: { headers, params: { id: EXPIRED }, form: { expire_by: '30 November 2099' } } },
  { op: `POST ${API}/requests/:id/extend`, request: { headers, params: { id: EXPIRED }, form: { expire_by: '31 December 2099' } } },
  // Embedded signing: the signer signs on the page the embed token opens.
  createRequest('kiosk.pdf', {
    request_name: 'Kiosk form',
    actions: [{ action_type: 'SIGN', recipient_name: 'Walk In', recipient_email: 'walk.in@example.test', is_embedded: true }],
  }),
  {
    op: `POST ${API}/requests/:id/submit`,
    request: (reply) => ({ headers, params: { id: created(reply) }, form: signatureFields(reply) }),
  },
  {
    op: EMBED,
    request: (reply) => ({
      headers,
      params: { id: created(reply), actionId: createdAction(reply) },
      query: { host: 'https://portal.example.test' },
    }),
  },
  { op: 'GET /zsguest', request: (reply) => ({ query: { locale: 'en', sign_id: signId(reply) } }) },
  { op: 'GET /zsguest/document', request: (reply) => ({ query: { sign_id: signId(reply), document_id: createdDocument(reply) } }) },
  { op: 'POST /zsguest', request: (reply) => ({ query: { locale: 'en', sign_id: signId(reply) }, form: { action: 'sign' } }) },
  // Self-sign: the owner signs a draft in one call.
  createRequest('memo.pdf', { request_name: 'Owner memo', self_sign: true }),
  { op: `POST ${API}/requests/:id/sign`, request: (reply) => ({ headers, params: { id: created(reply) }, form: signatureFields(reply) }) },
  // Templates.
  { op: `GET ${API}/templates`, request: { headers, query: data({ page_context: { row_count: 10, start_index: 1 } }) } },
  { op: `GET ${API}/templates/:id`, request: { headers, params: { id: TEMPLATE } } },
  {
    op: TEMPLATE_CREATE,
    request: {
      headers,
      multipart: {
        file: examplePdfFile('offer.pdf'),
        data: JSON.stringify({
          templates: { template_name: 'Offer letter', actions: [{ action_type: 'SIGN', role: 'Candidate', signing_order: 0 }] },
        }),
      },
    },
  },
  {
    op: `PUT ${API}/templates/:id`,
    request: (reply) => ({
      headers,
      params: { id: reply(TEMPLATE_CREATE, 'templates.template_id') },
      form: data({ templates: { expiration_days: 30 } }),
    }),
  },
  {
    op: `POST ${API}/templates/:id/createdocument`,
    request: {
      headers,
      params: { id: TEMPLATE },
      form: {
        ...data({
          templates: {
            request_name: 'NDA for Globex',
            field_data: { field_text_data: { 'Customer Company': 'Globex' } },
            actions: [
              {
                action_id: TEMPLATE_ACTION,
                action_type: 'SIGN',
                recipient_name: 'Gil Globex',
                recipient_email: 'gil@globex.example.test',
                verify_recipient: false,
              },
            ],
          },
        }),
        is_quicksend: 'true',
      },
    },
  },
  {
    op: `PUT ${API}/templates/:id/delete`,
    request: (reply) => ({ headers, params: { id: reply(TEMPLATE_CREATE, 'templates.template_id') } }),
  },
  // Webhooks last: nothing happens after one is active, so no delivery leaves the sandbox.
  {
    op: WEBHOOK_CREATE,
    request: { headers, form: { webhook_url: 'https://crm.example.test/zoho', webhook_actions: 'Sign,Completed,Decline', purpose: 'CRM' } },
  },
  {
    op: `PUT ${API}/accounts/webhooks/:id`,
    request: (reply) => ({ headers, params: { id: webhook(reply) }, form: { purpose: 'CRM sync' } }),
  },
  { op: `GET ${API}/accounts/webhooks/:id`, request: (reply) => ({ headers, params: { id: webhook(reply) } }) },
  { op: `POST ${API}/accounts/webhooks/:id/unsubscribe`, request: (reply) => ({ headers, params: { id: webhook(reply) } }) },
  { op: `POST ${API}/accounts/webhooks/:id/activate`, request: (reply) => ({ headers, params: { id: webhook(reply) } }) },
  { op: `GET ${API}/accounts/webhooks`, request: { headers } },
  { op: `DELETE ${API}/accounts/webhooks/:id`, request: (reply) => ({ headers, params: { id: webhook(reply) } }) },
]

export const api = defineApiDoc({
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
  operations: {
    [CREATE]: withData('Create a draft request (multipart with files, or form data)', '{"requests": {...}}'),
    [`GET ${API}/requests`]: { summary: 'List requests', query: listQuery },
    [`GET ${API}/myrequests`]: { summary: 'Requests sent to me', query: listQuery },
    [`PUT ${API}/requests/delete`]: {
      summary: 'Delete several requests (form: delete_ids as a JSON array, recall_inprogress, reason)',
      body: formBody(z.object({ delete_ids: z.string(), recall_inprogress: z.string().optional(), reason: z.string().optional() })),
    },
    [UPDATE]: withData('Update a draft request (form data, or multipart to add files)', '{"requests": {...}}'),
    [`GET ${API}/requests/:id`]: { summary: 'A request with its actions and documents' },
    [`POST ${API}/requests/:id/submit`]: withData('Submit a draft for signature', '{"requests": {...}}'),
    [`POST ${API}/requests/:id/sign`]: withData('Self-sign', '{"requests": {...}}'),
    [`GET ${API}/requests/:id/pdf`]: { summary: 'Download the documents (PDF, or ZIP for several)', ...pdf },
    [`GET ${API}/requests/:id/documents/:documentId/pdf`]: { summary: 'Download one document', ...pdf },
    [`GET ${API}/requests/:id/completioncertificate`]: { summary: 'The completion certificate', ...pdf },
    [`GET ${API}/requests/:id/fielddata`]: { summary: 'Field values entered by the recipients' },
    [`POST ${API}/requests/:id/recall`]: { summary: 'Recall an in-progress request' },
    [`POST ${API}/requests/:id/remind`]: { summary: 'Remind the current recipients' },
    [`POST ${API}/requests/:id/markforcorrection`]: { summary: 'Take an in-progress request back for correction' },
    [`PUT ${API}/requests/:id/delete`]: { summary: 'Move a request to trash' },
    [`PUT ${API}/requests/:id/extend`]: { summary: 'Extend the expiry date', body: formBody(z.object({ expire_by: z.string() })) },
    [`POST ${API}/requests/:id/extend`]: { summary: 'Extend the expiry date', body: formBody(z.object({ expire_by: z.string() })) },
    [EMBED]: {
      summary: 'An embedded signing URL for that action',
      query: z.object({ host: z.string().describe('the page that frames it') }),
    },
    [`DELETE ${API}/documents/:documentId/delete`]: { summary: 'Delete a document of a draft' },
    [`PUT ${API}/documents/:documentId/delete`]: { summary: 'Delete a document of a draft' },
    [TEMPLATE_CREATE]: withData('Create a template (multipart with files)', '{"templates": {...}}'),
    [`GET ${API}/templates`]: { summary: 'List templates', query: listQuery },
    [`PUT ${API}/templates/:id`]: withData('Update a template', '{"templates": {...}}'),
    [`GET ${API}/templates/:id`]: { summary: 'A template' },
    [`POST ${API}/templates/:id/createdocument`]: withData('Send a request from a template', '{"templates": {...}}'),
    [`PUT ${API}/templates/:id/delete`]: { summary: 'Delete a template' },
    [`GET ${API}/accounts`]: { summary: 'The account' },
    [`GET ${API}/organizations`]: { summary: 'Organizations of the user' },
    [`GET ${API}/users`]: { summary: 'Users of the account' },
    [`POST ${API}/users/invite`]: {
      summary: 'Invite users',
      body: formBody(z.object({ email_id: z.string().describe('a JSON array of e-mails') })),
    },
    [`PUT ${API}/users/:id`]: {
      summary: 'Update a user',
      body: formBody(z.object({ role: z.string().optional(), allowed_access: z.string().optional() })),
    },
    [`PUT ${API}/users/:id/delete`]: { summary: 'Deactivate a user' },
    [`POST ${API}/folders`]: withData('Create a folder', '{"folders": {...}}'),
    [`GET ${API}/folders`]: { summary: 'Folders' },
    [`GET ${API}/fieldtypes`]: { summary: 'Field types' },
    [`GET ${API}/requesttypes`]: { summary: 'Request types' },
    [`POST ${API}/requesttypes`]: withData('Create a request type', '{"request_types": {...}}'),
    [`PUT ${API}/requesttypes/:id`]: withData('Update a request type', '{"request_types": {...}}'),
    [`POST ${API}/requesttypes/:id`]: withData('Update a request type', '{"request_types": {...}}'),
    [WEBHOOK_CREATE]: {
      summary: 'Create a webhook',
      body: formBody(
        z.object({
          webhook_url: z.string(),
          webhook_actions: z.string().describe('comma-separated events'),
          purpose: z.string().optional(),
          data: z
            .string()
            .optional()
            .describe(`{"webhook": {...}} as a JSON string; HMAC settings: ${Object.keys(hmacSettingsSchema.shape).join(', ')}`),
        }),
      ),
    },
    [`GET ${API}/accounts/webhooks`]: { summary: 'Webhooks' },
    [`PUT ${API}/accounts/webhooks/:id`]: { summary: 'Update a webhook', body: formBody(z.object({ purpose: z.string().optional() })) },
    [`GET ${API}/accounts/webhooks/:id`]: { summary: 'A webhook' },
    [`DELETE ${API}/accounts/webhooks/:id`]: { summary: 'Delete a webhook' },
    [`POST ${API}/accounts/webhooks/:id/unsubscribe`]: { summary: 'Deactivate a webhook' },
    [`POST ${API}/accounts/webhooks/:id/activate`]: { summary: 'Activate a webhook' },
    ['GET /zsguest']: { summary: 'The signing page of an action (its embedded sign_url, or the link in its e-mail)', ...page },
    ['POST /zsguest']: { summary: 'The signer signs (action=sign) or declines (action=decline, reason)', ...page },
    ['GET /zsguest/document']: { summary: 'A document as shown on the signing page', security: [], ...pdf },
    ['GET /oauth/v2/auth']: {
      summary: 'Authorization (consent) page: redirects to redirect_uri with a code',
      security: [],
      response: { status: 302, type: 'none' },
    },
    ['POST /oauth/v2/token']: {
      summary: 'Exchange a code or refresh token for an access token',
      security: [],
      body: formBody(
        z.object({
          grant_type: z.enum(['authorization_code', 'refresh_token', 'client_credentials']),
          client_id: z.string(),
          client_secret: z.string(),
          code: z.string().optional(),
          refresh_token: z.string().optional(),
          redirect_uri: z.string().optional(),
        }),
      ),
    },
    ['GET /oauth/user/info']: { summary: 'The user the access token belongs to' },
    ['POST /oauth/v2/token/revoke']: { summary: 'Revoke a refresh token', security: [], query: z.object({ token: z.string() }) },
  },
  examples,
})
