import { MAX_BODY_BYTES } from './constants.js'
import { header } from '../../lib/context.js'
import { readBody } from '../../lib/body.js'
import { sendText } from '../../lib/reply.js'
import { BodyTooLargeError } from '../../lib/vendor-error.js'
import type { VendorContext, VendorRouter } from '../../lib/vendor.js'
import { authenticate, createSetting, exchangeCode, lookBackReport, updateSetting } from './service/connector.js'
import type { IproState } from './model.js'
import { lookBackDays, pathId, sendPyJson } from './wire.js'

/**
 * IPRO's HTTP surface (spec §1). Path ids use `{[^/]*}` so that an empty
 * segment (`…/accounts//auth_token`) still reaches the route and gets the
 * seed's "without <param>" error instead of a 404.
 */
export const PATHS = {
  refreshToken: '/v2/docusign/ipro/sources/:source_id{[^/]*}/accounts/refresh_token',
  authToken: '/v2/docusign/ipro/source_settings/:source_id{[^/]*}/accounts/:account_id{[^/]*}/auth_token',
  lookBackReport: '/v2/docusign/ipro/source_settings/:source_setting_id{[^/]*}/accounts/look_back_report',
} as const

const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** The request body as a non-empty JSON object, whatever the Content-Type; null for every kind of "no body". */
async function objectBody(c: VendorContext): Promise<Record<string, unknown> | null> {
  let bytes: Uint8Array
  try {
    bytes = await readBody(c, MAX_BODY_BYTES)
  } catch (err) {
    if (err instanceof BodyTooLargeError) return null
    throw err
  }
  let value: unknown
  try {
    const text = strictUtf8.decode(bytes)
    if (text.trim() === '') return null
    value = JSON.parse(text)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) return null
  return value as Record<string, unknown>
}

/** First non-blank value of the first query key that has one. */
function firstQuery(c: VendorContext, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = c.req.queries(key)?.[0]?.trim()
    if (value) return value
  }
  return null
}

const settingInput = async (c: VendorContext) => ({
  sourceId: pathId(c.req.param('source_id')),
  accountId: pathId(c.req.param('account_id')),
  body: await objectBody(c),
})

export function routes(r: VendorRouter<IproState>): void {
  r.get(PATHS.refreshToken, (c, ws) => {
    authenticate(ws, header(c, 'authorization'))
    const reply = exchangeCode(ws, { sourceId: pathId(c.req.param('source_id')), code: firstQuery(c, 'code', 'authorization_code') })
    return sendPyJson(c, 200, reply)
  })

  r.post(PATHS.authToken, async (c, ws) => {
    authenticate(ws, header(c, 'authorization'))
    return sendPyJson(c, 200, createSetting(ws, await settingInput(c)))
  })

  r.put(PATHS.authToken, async (c, ws) => {
    authenticate(ws, header(c, 'authorization'))
    return sendPyJson(c, 200, updateSetting(ws, await settingInput(c)))
  })

  r.get(PATHS.lookBackReport, (c, ws) => {
    authenticate(ws, header(c, 'authorization'))
    const report = lookBackReport(ws, {
      settingId: pathId(c.req.param('source_setting_id')),
      days: lookBackDays(c.req.queries('look_back_days')?.[0]),
    })
    return sendText(c, 200, report.csv, 'text/csv; charset=utf-8', {
      'content-disposition': `attachment; filename="${report.filename}"`,
      'cache-control': 'no-store',
    })
  })
}
