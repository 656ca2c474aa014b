import { z } from 'zod'
import { defineApiDoc, examplePdfFile, jsonBody, multipartBody, type ExampleStep, type Replies } from '../../lib/api-doc.js'
import { API } from './constants.js'
import {
  actualizarPlantillaSchema,
  cambiarOrdenSchema,
  contactoSchema,
  credentialsSchema,
  crearSchema,
  idTransaccionSchema,
  listarSchema,
  loginSchema,
  onPremiseSchema,
  protegerSchema,
  tveEditSchema,
  tveSchema,
  usarPlantillaSchema,
  vincularSchema,
} from './schemas.js'

/** What the OpenAPI document says beyond the routes (sandbox.md §4): auth, summaries, the schemas each service validates with, the example flow. */

const headers = { authorization: 'Bearer signio-fixture-token-demo' }
/** Fixture transactions: T1 draft, T2 waiting on its signers (on-site signing allowed), T3 signed, T7 from a template. */
const T1 = '5f1c0c9e-8a4b-4c1d-9e2f-000000000001'
const T2 = '5f1c0c9e-8a4b-4c1d-9e2f-000000000002'
const T3 = '5f1c0c9e-8a4b-4c1d-9e2f-000000000003'
const T7 = '5f1c0c9e-8a4b-4c1d-9e2f-000000000007'
const PAGE_KINDS = ['firmar', 'onpremise', 'magic-link'] as const
type PageKind = (typeof PAGE_KINDS)[number]
const page = { security: [], response: { type: 'text/html' } }
const OUTBOX = '/outbox?vendor=signio&type=email'
const CREAR = `POST ${API}/transacciones/crear`
const GESTIONAR = `GET ${API}/transacciones/gestionar`
const CARGAR = `POST ${API}/transacciones/cargar_documento`

/** The last path segment of a link in a reply. */
const lastSegment = (link: string) => link.split('/').pop() ?? link
/** Where each kind of signing page's token comes from: the e-mail of the flow's transaction, the on-site URL, the magic link. */
const TOKENS: Record<PageKind, (reply: Replies) => string> = {
  firmar: (reply) => lastSegment(reply(`sandbox ${OUTBOX}`, 'items.0.links.0')),
  onpremise: (reply) => lastSegment(reply(`PUT ${API}/envelope/onpremise/get-signed-url`, 'url')),
  'magic-link': (reply) => lastSegment(reply(`GET ${API}/envelopes/:envelope_id/magic-link`, 'magic_link')),
}
const created = (reply: Replies) => reply(CREAR, 'id_transaccion')

function pageOperations() {
  return Object.fromEntries(
    PAGE_KINDS.flatMap((kind) => [
      [`GET /${kind}/:token`, { summary: `The ${kind} signing page (Spanish)`, ...page }],
      [`POST /${kind}/:token`, { summary: `Sign, approve, reject or return on the ${kind} page (form field action)`, ...page }],
      [
        `GET /${kind}/:token/documentos/:id_documento`,
        { summary: `A document, as shown on the ${kind} page`, security: [], response: { type: 'application/pdf' } },
      ],
    ]),
  )
}

function pageExamples(): ExampleStep[] {
  const document = (kind: PageKind, reply: Replies) =>
    kind === 'firmar' ? reply(CARGAR, 'id_documento') : kind === 'onpremise' ? 'fxdoc0002' : 'fxdoc0002'
  return [
    ...PAGE_KINDS.flatMap((kind): ExampleStep[] => [
      { op: `GET /${kind}/:token`, request: (reply) => ({ params: { token: TOKENS[kind](reply) } }) },
      {
        op: `GET /${kind}/:token/documentos/:id_documento`,
        request: (reply) => ({ params: { token: TOKENS[kind](reply), id_documento: document(kind, reply) } }),
      },
    ]),
    ...PAGE_KINDS.map((kind): ExampleStep => ({
      op: `POST /${kind}/:token`,
      request: (reply) => ({ params: { token: TOKENS[kind](reply) }, form: { action: 'sign' } }),
    })),
  ]
}

export const api = defineApiDoc({
  description:
    'Signio e-signature API v2 (Legops): transactions (ES family), envelopes and templates (EN family). ' +
    'Get a token with POST /api/v2/token/crear (fixture user api@signio.test / Signio#2024), then send it as a Bearer token.',
  securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'token from POST /api/v2/token/crear or /api/v2/auth/login' } },
  operations: {
    [`POST ${API}/token/crear`]: { summary: 'Issue a token', security: [], body: jsonBody(credentialsSchema) },
    [`POST ${API}/auth/login`]: { summary: 'Log in (EN family)', security: [], body: jsonBody(loginSchema) },
    [`POST ${API}/transacciones/listar`]: { summary: 'List transactions', body: jsonBody(listarSchema) },
    [`GET ${API}/transacciones/listar`]: { summary: 'List transactions, filters in the query' },
    [`GET ${API}/tags/listar`]: { summary: 'List tags' },
    [`POST ${API}/tags/listar`]: { summary: 'List tags' },
    [`GET ${API}/transacciones/listar_base`]: { summary: 'List base transactions (templates)' },
    [`POST ${API}/transacciones/listar_base`]: { summary: 'List base transactions (templates)' },
    [CREAR]: { summary: 'Create a transaction', body: jsonBody(crearSchema) },
    [CARGAR]: {
      summary: 'Upload a PDF to a transaction (multipart)',
      body: multipartBody(z.object({ id_transaccion: z.string(), documento: z.string().describe('the PDF file') })),
    },
    [`POST ${API}/transacciones/registrar_contacto`]: { summary: 'Register a signer', body: jsonBody(contactoSchema) },
    [`POST ${API}/transacciones/vincular`]: { summary: 'Place a signature on a document', body: jsonBody(vincularSchema) },
    [`POST ${API}/transacciones/cambiar_orden`]: { summary: "Change a signer's order", body: jsonBody(cambiarOrdenSchema) },
    [`POST ${API}/transacciones/distribuir`]: {
      summary: 'Send the transaction to its signers',
      body: jsonBody(idTransaccionSchema),
    },
    [GESTIONAR]: { summary: 'A transaction with its documents and signers', query: idTransaccionSchema },
    [`POST ${API}/transacciones/gestionar`]: { summary: 'A transaction', body: jsonBody(idTransaccionSchema) },
    [`POST ${API}/transacciones/devolver`]: { summary: 'Return a transaction to draft', body: jsonBody(idTransaccionSchema) },
    [`POST ${API}/transacciones/eliminar`]: { summary: 'Delete a transaction', body: jsonBody(idTransaccionSchema) },
    [`DELETE ${API}/transacciones/eliminar`]: { summary: 'Delete a transaction', body: jsonBody(idTransaccionSchema) },
    [`POST ${API}/documentos/proteger`]: { summary: 'Password-protect a document', body: jsonBody(protegerSchema) },
    [`GET ${API}/transacciones/campos_plantillas`]: { summary: 'Template fields', query: idTransaccionSchema },
    [`POST ${API}/transacciones/campos_plantillas`]: { summary: 'Template fields', body: jsonBody(idTransaccionSchema) },
    [`GET ${API}/envelopes`]: { summary: 'List envelopes' },
    [`GET ${API}/templates`]: { summary: 'List templates' },
    [`POST ${API}/envelopes/:envelope_id/templates`]: {
      summary: 'Add a template document to an envelope',
      body: jsonBody(usarPlantillaSchema),
    },
    [`PUT ${API}/envelopes/:envelope_id/templates/:document_id`]: {
      summary: "Update a template document's fields",
      body: jsonBody(actualizarPlantillaSchema),
    },
    [`GET ${API}/envelopes/:envelope_id/magic-link`]: { summary: "A signer's magic link" },
    [`POST ${API}/envelopes/:envelope_id/tve`]: { summary: 'Add a TVE document', body: jsonBody(tveSchema) },
    [`PUT ${API}/envelopes/:envelope_id/tve/:documento_id`]: { summary: 'Edit a TVE document', body: jsonBody(tveEditSchema) },
    [`PUT ${API}/envelope/onpremise/get-signed-url`]: {
      summary: 'A signed upload URL (on-premise storage)',
      body: jsonBody(onPremiseSchema),
    },
    ['GET /storage/documentos/:id_documento/:nombre']: {
      summary: 'Download a stored document (links in replies)',
      security: [],
      response: { type: 'application/pdf' },
    },
    ...pageOperations(),
  },
  examples: [
    { op: `POST ${API}/token/crear`, request: { json: { email: 'api@signio.test', password: 'Signio#2024' } } },
    { op: `POST ${API}/auth/login`, request: { json: { email: 'multi@signio.test', password: 'Signio#2024', ttl: 60 } } },
    { op: `POST ${API}/transacciones/listar`, request: { headers, json: { estado: 2 } } },
    { op: `GET ${API}/transacciones/listar`, request: { headers, query: { estado: '2' } } },
    { op: `GET ${API}/tags/listar`, request: { headers } },
    { op: `POST ${API}/tags/listar`, request: { headers, json: {} } },
    { op: `GET ${API}/transacciones/listar_base`, request: { headers } },
    { op: `POST ${API}/transacciones/listar_base`, request: { headers, json: {} } },
    {
      op: CREAR,
      request: { headers, json: { nombre: 'Contrato de servicios 2026', external_id: 'pedido-123', tags: ['Contratos'] } },
    },
    {
      op: CARGAR,
      request: (reply) => ({ headers, multipart: { id_transaccion: created(reply), documento: examplePdfFile('contrato.pdf') } }),
    },
    {
      op: `POST ${API}/transacciones/registrar_contacto`,
      request: (reply) => ({
        headers,
        json: {
          id_transaccion: created(reply),
          nombre: 'Laura Díaz',
          tipo_identificacion: 'CC',
          identificacion: '123456789',
          email: 'laura.diaz@example.com',
        },
      }),
    },
    {
      op: `POST ${API}/transacciones/vincular`,
      request: (reply) => ({
        headers,
        json: {
          id_transaccion: created(reply),
          id_firmante: reply(`POST ${API}/transacciones/registrar_contacto`, 'id_firmante'),
          id_documento: reply(CARGAR, 'id_documento'),
          posicion: { pagina: 1, x: 100, y: 600 },
        },
      }),
    },
    {
      op: `POST ${API}/transacciones/cambiar_orden`,
      request: { headers, json: { id_transaccion: T1, id_firmante: 'fxfir0001', orden: 2 } },
    },
    { op: `POST ${API}/transacciones/distribuir`, request: (reply) => ({ headers, json: { id_transaccion: created(reply) } }) },
    // The e-mail to the signer just sent carries the signing link.
    { sandbox: OUTBOX },
    { op: GESTIONAR, request: { headers, query: { id_transaccion: T3 } } },
    { op: `POST ${API}/transacciones/gestionar`, request: (reply) => ({ headers, json: { id_transaccion: created(reply) } }) },
    { op: `POST ${API}/documentos/proteger`, request: { headers, json: { id_documento: 'fxdoc0001', protect: true } } },
    { op: `GET ${API}/transacciones/campos_plantillas`, request: { headers, query: { id_transaccion: T7 } } },
    { op: `POST ${API}/transacciones/campos_plantillas`, request: { headers, json: { id_transaccion: T7 } } },
    { op: `GET ${API}/envelopes`, request: { headers, query: { 'filter[status]': 'Firmada', sort: '-updated_at' } } },
    { op: `GET ${API}/templates`, request: { headers } },
    {
      op: `POST ${API}/envelopes/:envelope_id/templates`,
      request: { headers, params: { envelope_id: T1 }, json: { template_id: 101, fields: { name: 'Juan Pérez' } } },
    },
    {
      op: `PUT ${API}/envelopes/:envelope_id/templates/:document_id`,
      request: {
        headers,
        params: { envelope_id: T7, document_id: 'fxdoc0007' },
        json: { fields: { identification: '7070707070', city: 'Bogotá' } },
      },
    },
    { op: `GET ${API}/envelopes/:envelope_id/magic-link`, request: { headers, params: { envelope_id: T2 } } },
    {
      op: `POST ${API}/envelopes/:envelope_id/tve`,
      request: { headers, params: { envelope_id: T1 }, json: { type: 'BLANK', template_id: '102' } },
    },
    {
      op: `PUT ${API}/envelopes/:envelope_id/tve/:documento_id`,
      request: (reply) => ({
        headers,
        params: { envelope_id: T1, documento_id: reply(`POST ${API}/envelopes/:envelope_id/tve`, 'document_id') },
        json: { type: 'SIMPLE', expiration: '2026-12-31', amount: 1500000, payment_way: 'Transferencia', payment_place: 'Bogotá' },
      }),
    },
    {
      op: `PUT ${API}/envelope/onpremise/get-signed-url`,
      request: { headers, json: { document_type: 'CC', document: '2020202020', transaction_id: T2, direct_signature: 1 } },
    },
    {
      op: 'GET /storage/documentos/:id_documento/:nombre',
      request: (reply) => ({
        params: { id_documento: reply(GESTIONAR, 'documentos.0.id_documento'), nombre: reply(GESTIONAR, 'documentos.0.nombre') },
      }),
    },
    ...pageExamples(),
    { op: `POST ${API}/transacciones/devolver`, request: { headers, json: { id_transaccion: T2 } } },
    { op: `POST ${API}/transacciones/eliminar`, request: { headers, json: { id_transaccion: T1 } } },
    { op: `DELETE ${API}/transacciones/eliminar`, request: { headers, json: { id_transaccion: T2 } } },
  ],
})
