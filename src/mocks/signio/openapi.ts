import type { VendorApiDoc } from '../../lib/api-doc.js'
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

/** What the OpenAPI document says beyond the routes (sandbox.md §4): auth, summaries, the schemas each service validates with. */

const json = 'application/json' as const
const BEARER = { authorization: 'Bearer signio-fixture-token-demo' }
const TX = '5f1c0c9e-8a4b-4c1d-9e2f-000000000001'

export const api: VendorApiDoc = {
  description:
    'Signio e-signature API v2 (Legops): transactions (ES family), envelopes and templates (EN family). ' +
    'Get a token with POST /api/v2/token/crear (fixture user api@signio.test / Signio#2024), then send it as a Bearer token.',
  securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'token from POST /api/v2/token/crear or /api/v2/auth/login' } },
  security: ['bearer'],
  operations: {
    [`POST ${API}/token/crear`]: {
      summary: 'Issue a token (§6.1)',
      security: [],
      body: { type: json, schema: credentialsSchema },
      example: { json: { email: 'api@signio.test', password: 'Signio#2024' } },
    },
    [`POST ${API}/auth/login`]: { summary: 'Log in (EN family)', security: [], body: { type: json, schema: loginSchema } },
    [`POST ${API}/transacciones/listar`]: {
      summary: 'List transactions (§6.2)',
      body: { type: json, schema: listarSchema },
      example: { headers: BEARER, json: {} },
    },
    [`GET ${API}/transacciones/listar`]: { summary: 'List transactions (§6.2), filters in the query' },
    [`GET ${API}/tags/listar`]: { summary: 'List tags', example: { headers: BEARER } },
    [`POST ${API}/tags/listar`]: { summary: 'List tags' },
    [`GET ${API}/transacciones/listar_base`]: { summary: 'List base transactions (templates)' },
    [`POST ${API}/transacciones/listar_base`]: { summary: 'List base transactions (templates)' },
    [`POST ${API}/transacciones/crear`]: { summary: 'Create a transaction (§6.5)', body: { type: json, schema: crearSchema } },
    [`POST ${API}/transacciones/cargar_documento`]: { summary: 'Upload a PDF to a transaction (§6.6, multipart)' },
    [`POST ${API}/transacciones/registrar_contacto`]: { summary: 'Register a signer (§6.7)', body: { type: json, schema: contactoSchema } },
    [`POST ${API}/transacciones/vincular`]: {
      summary: 'Place a signature on a document (§6.8)',
      body: { type: json, schema: vincularSchema },
    },
    [`POST ${API}/transacciones/cambiar_orden`]: {
      summary: "Change a signer's order (§6.9)",
      body: { type: json, schema: cambiarOrdenSchema },
    },
    [`POST ${API}/transacciones/distribuir`]: {
      summary: 'Send the transaction to its signers (§6.10)',
      body: { type: json, schema: idTransaccionSchema },
    },
    [`GET ${API}/transacciones/gestionar`]: {
      summary: 'A transaction with its documents and signers (§6.11)',
      query: idTransaccionSchema,
      example: { headers: BEARER, query: { id_transaccion: TX } },
    },
    [`POST ${API}/transacciones/gestionar`]: { summary: 'A transaction (§6.11)', body: { type: json, schema: idTransaccionSchema } },
    [`POST ${API}/transacciones/devolver`]: {
      summary: 'Return a transaction to draft (§6.12)',
      body: { type: json, schema: idTransaccionSchema },
    },
    [`POST ${API}/transacciones/eliminar`]: { summary: 'Delete a transaction (§6.13)', body: { type: json, schema: idTransaccionSchema } },
    [`DELETE ${API}/transacciones/eliminar`]: {
      summary: 'Delete a transaction (§6.13)',
      body: { type: json, schema: idTransaccionSchema },
    },
    [`POST ${API}/documentos/proteger`]: { summary: 'Password-protect a document (§6.14)', body: { type: json, schema: protegerSchema } },
    [`GET ${API}/transacciones/campos_plantillas`]: { summary: 'Template fields (§6.15)' },
    [`POST ${API}/transacciones/campos_plantillas`]: { summary: 'Template fields (§6.15)' },
    [`GET ${API}/envelopes`]: { summary: 'List envelopes' },
    [`GET ${API}/templates`]: { summary: 'List templates' },
    [`POST ${API}/envelopes/:envelope_id/templates`]: {
      summary: 'Add a template document to an envelope',
      body: { type: json, schema: usarPlantillaSchema },
    },
    [`PUT ${API}/envelopes/:envelope_id/templates/:document_id`]: {
      summary: "Update a template document's fields",
      body: { type: json, schema: actualizarPlantillaSchema },
    },
    [`GET ${API}/envelopes/:envelope_id/magic-link`]: { summary: "A signer's magic link" },
    [`POST ${API}/envelopes/:envelope_id/tve`]: { summary: 'Add a TVE document', body: { type: json, schema: tveSchema } },
    [`PUT ${API}/envelopes/:envelope_id/tve/:documento_id`]: {
      summary: 'Edit a TVE document',
      body: { type: json, schema: tveEditSchema },
    },
    [`PUT ${API}/envelope/onpremise/get-signed-url`]: {
      summary: 'A signed upload URL (on-premise storage)',
      body: { type: json, schema: onPremiseSchema },
    },
    ['GET /storage/documentos/:id_documento/:nombre']: {
      summary: 'Download a stored document (links in replies)',
      security: [],
      response: { type: 'application/pdf' },
    },
  },
}
