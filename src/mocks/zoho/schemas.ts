import { z } from 'zod'

/**
 * zod schemas of Zoho's structured inputs that are not `requests`/`templates`
 * objects (those follow the lenient key-by-key rules of service/input.ts):
 * `page_context`, HMAC webhook settings and the simulate bodies.
 */

const nullish = <T extends z.ZodType>(t: T) => t.nullish().transform((v) => v ?? undefined)

/** Integers also as digit strings (`"10"`), as SDKs send them (spec §2.7). */
export const lenientInt = z.union([
  z.number().int(),
  z
    .string()
    .regex(/^-?\d{1,15}$/)
    .transform(Number),
])

/**
 * An empty string acts as absent: the official Zoho Sign integrations send `"sort_column":""` and
 * `"sort_order":""` in every webhook and template picker (spec §6.6).
 */
const blankAsAbsent = <T extends z.ZodType>(t: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), nullish(t))

export const pageContextSchema = z.strictObject({
  row_count: blankAsAbsent(lenientInt.pipe(z.number().min(1))),
  start_index: blankAsAbsent(lenientInt.pipe(z.number().min(0))),
  search_columns: blankAsAbsent(z.record(z.string(), z.union([z.string(), z.number()]))),
  sort_column: blankAsAbsent(z.string()),
  sort_order: blankAsAbsent(z.string().regex(/^(asc|desc)$/i)),
})
export type PageContextInput = z.infer<typeof pageContextSchema>

export const hmacSettingsSchema = z.object({
  webhook_security_type: z.string().regex(/^hmac$/i),
  hmac_security_info: z.object({ secret_key: z.string().min(1).max(500) }),
})

const idLike = nullish(z.union([z.string().max(100), z.number()]).transform(String))

const target = {
  request_id: idLike.describe('the request (with action_id)'),
  action_id: idLike.describe('the recipient action of that request'),
  sign_id: idLike.describe('or: the sign_id of an embedded signing URL'),
  ip_address: nullish(z.string().max(100)).describe('the signer IP recorded in the activity log'),
}

export const simulateSchemas = {
  view: z.object(target),
  sign: z.object({
    ...target,
    field_values: nullish(z.record(z.string(), z.union([z.string(), z.boolean(), z.number().transform(String)]))),
  }),
  decline: z.object({ ...target, reason: nullish(z.string().max(2000)) }),
  reassign: z.object({
    ...target,
    recipient_name: z.string({ error: 'is required' }).trim().min(1).max(100).describe('who signs instead'),
    recipient_email: z.email({ error: 'must be an e-mail address' }).max(100).describe("that person's e-mail address"),
    reason: nullish(z.string().max(2000)).describe('why the recipient hands the document on'),
  }),
  expire: z.object({ request_id: idLike }),
}

/** The key a failed parse names: an unknown key first, else the first bad value's top-level key. */
export function offendingKey(error: z.ZodError): string {
  const unknown = error.issues.find((i) => i.code === 'unrecognized_keys')
  if (unknown && unknown.code === 'unrecognized_keys') return unknown.keys[0] ?? ''
  const issue = error.issues[0]
  return issue ? issue.path.map(String).join('][') : ''
}
