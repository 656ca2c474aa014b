import { z } from 'zod'
import type { VendorApiDoc } from '../../lib/api-doc.js'
import { PATHS } from './routes.js'
import { settingBodySchema } from './schemas.js'

/** What the OpenAPI document says beyond the routes (ipro.md): the app token, summaries, bodies. */

const AUTH = { authorization: 'Bearer ipro-sandbox-token-org2' }

export const api: VendorApiDoc = {
  description:
    "IPRO's DocuSign connector API: the DocuSign OAuth code exchange, a source's DocuSign credentials, and the look-back report (CSV). " +
    'Authenticate with the app token `Authorization: Bearer ipro-sandbox-token-org2` (fixture organization 2).',
  securitySchemes: { appToken: { type: 'http', scheme: 'bearer', description: 'IPRO app token' } },
  security: ['appToken'],
  operations: {
    [`GET ${PATHS.refreshToken}`]: {
      summary: 'Exchange a DocuSign authorization code (simulate ipro/authorize mints one) for a stored refresh token',
      query: z.object({ code: z.string().describe('the DocuSign authorization code') }),
      example: { headers: AUTH, params: { source_id: '5' }, query: { code: 'ds-code-valid-new-connector' } },
    },
    [`POST ${PATHS.authToken}`]: {
      summary: 'Create the DocuSign source setting of an account (credentials in config)',
      body: { type: 'application/json', schema: settingBodySchema },
    },
    [`PUT ${PATHS.authToken}`]: {
      summary: 'Update a source setting (source_setting_id and config)',
      body: { type: 'application/json', schema: settingBodySchema },
    },
    [`GET ${PATHS.lookBackReport}`]: {
      summary: "The look-back report of the source setting's DocuSign envelopes (CSV)",
      query: z.object({ look_back_days: z.string().describe('days back from now') }),
      response: { type: 'text/csv' },
      example: { headers: AUTH, params: { source_setting_id: '965' }, query: { look_back_days: '30' } },
    },
  },
}
