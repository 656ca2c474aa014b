import { z } from 'zod'
import { defineApiDoc, jsonBody } from '../../lib/api-doc.js'
import { PATHS } from './routes.js'
import { settingBodySchema } from './schemas.js'

/** What the OpenAPI document says beyond the routes (ipro.md): the app token, summaries, bodies, the example flow. */

const headers = { authorization: 'Bearer ipro-sandbox-token-org2' }
const config = (pointOfContact: string) => ({
  user_id: 'af90af54-368d-47c7-aacd-d209a9303ee3',
  docusign_account_id: '3d58d115-8a00-43e1-a93a-1636b51f053a',
  look_back: 0,
  point_of_contact: [pointOfContact],
})

export const api = defineApiDoc({
  description:
    "IPRO's DocuSign connector API: the DocuSign OAuth code exchange, a source's DocuSign credentials, and the look-back report (CSV). " +
    'Authenticate with the app token `Authorization: Bearer ipro-sandbox-token-org2` (fixture organization 2).',
  securitySchemes: { appToken: { type: 'http', scheme: 'bearer', description: 'IPRO app token' } },
  operations: {
    [`GET ${PATHS.refreshToken}`]: {
      summary: 'Exchange a DocuSign authorization code (simulate ipro/authorize mints one) for a stored refresh token',
      query: z.object({ code: z.string().describe('the DocuSign authorization code') }),
    },
    [`POST ${PATHS.authToken}`]: {
      summary: 'Create the DocuSign source setting of an account (credentials in config)',
      body: jsonBody(settingBodySchema),
    },
    [`PUT ${PATHS.authToken}`]: {
      summary: 'Update a source setting (source_setting_id and config)',
      body: jsonBody(settingBodySchema),
    },
    [`GET ${PATHS.lookBackReport}`]: {
      summary: "The look-back report of the source setting's DocuSign envelopes (CSV)",
      query: z.object({ look_back_days: z.string().describe('days back from now') }),
      response: { type: 'text/csv' },
    },
  },
  examples: [
    {
      op: `GET ${PATHS.refreshToken}`,
      request: { headers, params: { source_id: '5' }, query: { code: 'ds-code-valid-new-connector' } },
    },
    {
      op: `POST ${PATHS.authToken}`,
      request: {
        headers,
        params: { source_id: '5', account_id: '10256' },
        json: { go_live_date: '2021-06-09T01:59:42Z', connection_name: 'Docusign', config: config('venkat@123.com') },
      },
    },
    {
      op: `PUT ${PATHS.authToken}`,
      request: {
        headers,
        params: { source_id: '5', account_id: '2' },
        json: {
          source_setting_id: 965,
          go_live_date: '2021-06-21T00:00:00Z',
          connection_name: 'Docusign',
          config: config('venkatadri@socialsurvey.com'),
        },
      },
    },
    {
      simulate: 'envelope',
      body: {
        docusign_account_id: '3d58d115-8a00-43e1-a93a-1636b51f053a',
        email_subject: 'Sale - 1 Harbour View',
        recipients: [{ name: 'Kim Buyer', email: 'kim.buyer@example.test' }],
      },
    },
    {
      op: `GET ${PATHS.lookBackReport}`,
      request: { headers, params: { source_setting_id: '965' }, query: { look_back_days: '30' } },
    },
  ],
})
