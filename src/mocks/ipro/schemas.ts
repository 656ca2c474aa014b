import { z } from 'zod'
import { ENVELOPE_STATUSES } from './model.js'
import { parseGoLiveDate } from './wire.js'

/**
 * Request shapes. IPRO itself never reports which field was wrong: a type
 * error anywhere counts as "invalid body" (spec §5.2), so these schemas only
 * decide valid / invalid, and the route-specific message comes from the service.
 */
const goLiveDate = z
  .string()
  .nullable()
  .optional()
  .refine((v) => v === null || v === undefined || parseGoLiveDate(v) !== null)

/** The typed fields of an R2/R3 body; `config` is checked separately because its absence is a different error. */
export const settingBodySchema = z.object({
  go_live_date: goLiveDate,
  connection_name: z.string().min(1).max(255).nullable().optional(),
  config: z.unknown().optional(),
  source_setting_id: z.unknown().optional(),
})
export type SettingBody = z.infer<typeof settingBodySchema>

/** The optional, typed keys of `config`; the credential keys decide the 422s instead. */
export const configTypesSchema = z.object({
  look_back: z.int().min(0).max(3650).optional(),
  point_of_contact: z.array(z.string().max(254)).max(50).optional(),
})

const nonEmpty = z.string().min(1)

/** `user_id` / `docusign_account_id` as IPRO needs them: non-empty strings. */
export const credentialsSchema = z.object({ user_id: nonEmpty, docusign_account_id: nonEmpty })

/** PUT's `source_setting_id`: a positive 32-bit integer or a string of digits. */
export const sourceSettingIdSchema = z.union([
  z.int().min(1).max(2_147_483_647),
  z
    .string()
    .regex(/^[0-9]{1,10}$/)
    .transform(Number)
    .pipe(z.int().min(1).max(2_147_483_647)),
])

// --- simulate actions (control-plane JSON) ---

export const authorizeSchema = z.object({
  user_id: z.string(),
  ttl_s: z.int().min(1).max(86_400).optional(),
})

export const revokeGrantSchema = z.object({
  source_id: z.int().min(1),
  user_id: z.string(),
})

/** The same date forms as `go_live_date` (no zone = UTC), so one parser serves both. */
const isoInstant = z.string().refine((s) => parseGoLiveDate(s) !== null, 'an ISO-8601 date-time, e.g. 2021-06-20T00:00:00Z')

const party = z.object({ name: z.string().max(255), email: z.string().max(254) })

export const envelopeSchema = z.object({
  docusign_account_id: z.string().min(1),
  envelope_id: z.string().min(1).max(64).optional(),
  email_subject: z.string().max(1000).optional(),
  status: z.enum(ENVELOPE_STATUSES).optional(),
  status_changed_at: isoInstant.optional(),
  voided_reason: z.string().max(1000).optional(),
  sender: party.optional(),
  recipients: z
    .array(party.extend({ routing_order: z.int().min(1).max(999).optional() }))
    .max(100)
    .optional(),
})
export type EnvelopeInput = z.infer<typeof envelopeSchema>
