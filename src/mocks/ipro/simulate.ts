import type { z } from 'zod'
import { ControlError } from '../../lib/vendor-error.js'
import { invalidState, simulateAction } from '../../lib/simulate.js'
import { type IproWs, grantKey, guidKey, indexEnvelope, type Envelope, type IproState, type Recipient } from './model.js'
import { authorizeSchema, envelopeSchema, revokeGrantSchema, type EnvelopeInput } from './schemas.js'
import { envelopeView } from './service/report.js'
import { parseGoLiveDate } from './wire.js'

/** What happens at DocuSign, outside IPRO's API (spec §8.4). */

const DEFAULT_CODE_TTL_S = 120

/** The user consents at DocuSign: a single-use authorization code for R1. */
function authorize(ws: IproWs, input: z.output<typeof authorizeSchema>) {
  const user = ws.state.users.get(guidKey(input.user_id))
  if (!user) throw new ControlError(404, 'not_found', `no DocuSign user ${JSON.stringify(input.user_id)} in the fake directory`)
  const code = `ds-code-${ws.random.hex(32)}`
  const expiresAt = ws.now() + (input.ttl_s ?? DEFAULT_CODE_TTL_S) * 1000
  ws.state.codes.set(code, { code, user_id: user.user_id, expires_at: expiresAt, used_at: null })
  return { code, user_id: user.user_id, expires_at: new Date(expiresAt).toISOString() }
}

/** The user revokes IPRO's consent in DocuSign. */
function revokeGrant(ws: IproWs, input: z.output<typeof revokeGrantSchema>) {
  const key = grantKey(input.source_id, input.user_id)
  const grant = ws.state.grants.get(key)
  if (!grant) throw new ControlError(404, 'not_found', `no grant for user ${JSON.stringify(input.user_id)} on source ${input.source_id}`)
  ws.state.grants.set(key, { ...grant, revoked: true })
  return { source_id: grant.source_id, user_id: grant.user_id, revoked: true }
}

/** Recipients in report order: routing order, then the order given (a stable sort). */
function orderRecipients(list: { name: string; email: string; routing_order?: number }[]): Recipient[] {
  return list
    .map((r, i) => ({ name: r.name, email: r.email, routing_order: r.routing_order ?? i + 1 }))
    .sort((a, b) => a.routing_order - b.routing_order)
}

/** The account an envelope goes to: 404 for an unknown account, 409 for an envelope id already taken. */
function envelopeAccount(state: IproState, input: EnvelopeInput, envelopeId = input.envelope_id) {
  const account = state.docusign_accounts.get(guidKey(input.docusign_account_id))
  if (!account)
    throw new ControlError(404, 'not_found', `no DocuSign account ${JSON.stringify(input.docusign_account_id)} in the fake directory`)
  if (envelopeId !== undefined && state.envelopes.has(envelopeId)) throw invalidState(`envelope ${envelopeId} already exists`)
  return account
}

/** A new envelope in a fake DocuSign account, which the look-back report then lists. */
async function envelope(ws: IproWs, input: EnvelopeInput) {
  // Refused before the PRNG is drawn, so a refusal changes nothing.
  envelopeAccount(ws.state, input)
  // Checked again after the await: the account read here is written back with no await in between.
  const faker = await ws.random.faker()
  const state: IproState = ws.state
  const envelopeId = input.envelope_id ?? ws.random.uuid()
  const account = envelopeAccount(state, input, envelopeId)
  const status = input.status ?? 'completed'
  const changedAt = (input.status_changed_at === undefined ? null : parseGoLiveDate(input.status_changed_at)) ?? ws.now()
  const recipients =
    input.recipients ??
    (() => {
      const firstName = faker.person.firstName()
      const lastName = faker.person.lastName()
      return [
        { name: `${firstName} ${lastName}`, email: faker.internet.email({ firstName, lastName, provider: 'example.test' }).toLowerCase() },
      ]
    })()
  const stored: Envelope = {
    envelope_id: envelopeId,
    docusign_account_id: account.account_id,
    email_subject: input.email_subject ?? `Please DocuSign: ${faker.lorem.words(3)}`,
    status,
    status_changed_at: Math.floor(changedAt / 1000) * 1000,
    voided_reason: status === 'voided' ? (input.voided_reason ?? 'Voided by sender') : null,
    sender: input.sender ?? account.default_sender,
    recipients: orderRecipients(recipients),
  }
  state.envelopes.set(stored.envelope_id, stored)
  const updated = { ...account, envelope_ids: [...account.envelope_ids] }
  indexEnvelope(updated, stored, (id) => state.envelopes.get(id))
  state.docusign_accounts.set(guidKey(account.account_id), updated)
  return envelopeView(stored)
}

const action = simulateAction<IproState>()

export const simulate = {
  authorize: action(
    authorizeSchema,
    'The DocuSign user consents: answers a single-use authorization code (default lifetime 120 s) for POST /auth/callback.',
    authorize,
  ),
  revoke_grant: action(
    revokeGrantSchema,
    "The user revokes IPRO's consent in DocuSign for that source; its report then fails.",
    revokeGrant,
  ),
  envelope: action(
    envelopeSchema,
    'A new envelope in a fake DocuSign account, which the look-back report then lists (sender and recipients made up when absent).',
    envelope,
  ),
}
