/**
 * What the benchmark asks each vendor for: one token-authenticated read of a
 * stored fixture record (the vendor's own credentials from fixtures/), and one
 * create. The OKdokument record is "the record" every peer serves.
 */
const OK_KEY =
  '7796b696_bd2b1aaf7ef4f09be9f52ce2d8d599674d81aa9d6a4421696dc4d93dd0619d682ce56b4d64a9ef097761ced99e0f67265b5f76085e5b0ee7ca4696b2ad6fe2b2'
const ZOHO_TOKEN = `1000.aaaa${'0'.repeat(27)}1.5a4db0c${'0'.repeat(24)}1`
const SIGNIO = { authorization: 'Bearer signio-fixture-token-demo' }

export const RECORD_GETS = [
  {
    vendor: 'okdokument',
    what: 'document metadata',
    method: 'GET',
    path: '/okdokument/JSON/document/metadata/y7Ki_u1mrUwijfb-o_S1JiphSsoXya8iypH380F',
    host: 'https://apidev.okdokument.com',
    prefix: '/okdokument',
    headers: { 'x-api-key': OK_KEY },
  },
  {
    vendor: 'zoho',
    what: 'request details',
    method: 'GET',
    path: '/zoho/api/v1/requests/2000000489191',
    headers: { authorization: `Zoho-oauthtoken ${ZOHO_TOKEN}` },
  },
  {
    vendor: 'signio',
    what: 'transaction',
    method: 'GET',
    path: '/signio/api/v2/transacciones/gestionar?id_transaccion=5f1c0c9e-8a4b-4c1d-9e2f-000000000001',
    headers: SIGNIO,
  },
  {
    vendor: 'tranadmin',
    what: 'GetStatus XML',
    method: 'GET',
    path: '/openesignforms/tranadmin/GetStatus?ESFLOGINUSER=apiuser%40example.com&ESFLOGINPASSWORD=secure&ESFTID=11111111-1111-4111-8111-111111111111',
    headers: {},
  },
  {
    vendor: 'ipro',
    what: 'look-back report CSV',
    method: 'GET',
    path: '/ipro/v2/docusign/ipro/source_settings/965/accounts/look_back_report?look_back_days=30',
    headers: { authorization: 'Bearer ipro-sandbox-token-org2' },
  },
]

export const CREATE = {
  vendor: 'signio',
  what: 'create transaction',
  method: 'POST',
  path: '/signio/api/v2/transacciones/crear',
  headers: { ...SIGNIO, 'content-type': 'application/json' },
  body: JSON.stringify({ nombre: 'Contrato de benchmark' }),
}

/** Reads back one transaction by id (the 100-workspaces scenario). */
export const readTransaction = (id) => ({ ...RECORD_GETS[2], path: `/signio/api/v2/transacciones/gestionar?id_transaccion=${id}` })

/** Reply headers the peers copy (the rest are per-response: date, length, keep-alive). */
export const COPIED_HEADERS = ['content-type', 'content-disposition', 'cache-control']
