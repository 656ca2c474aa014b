import { z } from 'zod'

/**
 * Request shapes (zod, the single source for validation). OKdokument reports
 * a bad field by its key path (`fieldConfig[0].name`),
 * so every schema here is checked with `firstIssuePath`.
 */

const isHttpUrl = (s: string): boolean => {
  if (!/^https?:\/\//i.test(s)) return false
  try {
    return Boolean(new URL(s).host)
  } catch {
    return false
  }
}
export const httpUrl = z.string().max(2048).refine(isHttpUrl)
/** `""` means "none" (E2 clears with it; Power Automate sends blanks for empty optional fields). */
const optionalUrl = z.union([z.literal(''), httpUrl]).nullish()
const filename = z
  .string()
  .max(255)
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[/\\\u0000-\u001f\u007f]/.test(s))
const srId = z.string().regex(/^[A-Za-z0-9._-]{1,128}$/)

const metadataShape = {
  resulturl: optionalUrl,
  sendInfoURL: optionalUrl,
  sendInfoUrl: optionalUrl,
  signatureRequestId: srId.nullish(),
  allowedFields: z.union([z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string())]))]).nullish(),
  rules: z.union([z.string(), z.record(z.string(), z.union([z.string(), z.boolean(), z.number()]))]).nullish(),
  expirationTime: z.union([z.string().regex(/^\d{1,15}$/), z.number().int().nonnegative()]).nullish(),
  fieldConfig: z
    .array(
      z.object({
        name: z.string().min(1),
        value: z.union([z.string(), z.number(), z.boolean()]).nullish(),
        readOnly: z.union([z.boolean(), z.enum(['true', 'false'])]).nullish(),
      }),
    )
    .nullish(),
  sigData: z.record(z.string(), z.string()).nullish(),
  filename: filename.nullish(),
}

/** E1 — create signature request. Unknown keys are ignored (newer connector versions). */
export const createSignatureRequestBody = z.object({
  ...metadataShape,
  signatureRequestId: srId.refine((s) => s !== 'off').nullish(),
  filedata: z
    .object({
      content: z.string().nullish(),
      $content: z.string().nullish(),
      state: z.string().nullish(),
      filename: filename.nullish(),
    })
    .nullish(),
  id: z.string().nullish(),
  changeState: z.string().nullish(),
})
export type CreateSignatureRequestBody = z.infer<typeof createSignatureRequestBody>

/** E6 — the multipart metadata: E1's keys without the document ones, plus `state`; `off` = storage only. */
export const uploadMetadata = z.object({ ...metadataShape, state: z.string().nullish() })
export type UploadMetadata = z.infer<typeof uploadMetadata>

/** E2 — update; a numeric id is read as its decimal string. */
export const updateSignatureRequestBody = z.object({
  signatureRequestId: z.union([z.string(), z.number()]).nullish(),
  sendInfoURL: optionalUrl,
  sendInfoUrl: optionalUrl,
  resulturl: optionalUrl,
})
export type UpdateSignatureRequestBody = z.infer<typeof updateSignatureRequestBody>

/** E5 — `file` is `{content}`, a Power Automate file object `{$content}`, or a bare base64 string. */
export const uploadDocumentBody = z.object({
  filename: filename.nullish(),
  state: z.string().nullish(),
  file: z
    .union([z.string(), z.object({ content: z.string().nullish(), $content: z.string().nullish(), '$content-type': z.string().nullish() })])
    .nullish(),
})
export type UploadDocumentBody = z.infer<typeof uploadDocumentBody>

/** The key path OKdokument reports for the first invalid field: `filedata.state`, `fieldConfig[0].name`. */
export function firstIssuePath(error: z.ZodError): string {
  const path = error.issues[0]?.path ?? []
  let out = ''
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p)
  return out || 'body'
}

// --- simulate actions (control-plane JSON, spec §8) ---

const signatureRequestId = z.string({ error: 'is required (a string)' }).describe('the signature request (SR) id')

export const simulateSrSchema = z.object({ signatureRequestId })
export const simulateSignerSchema = simulateSrSchema.extend({
  lang: z
    .string()
    .nullish()
    .transform((v) => v ?? 'en')
    .describe('language of the signing session (default en)'),
  mobile: z.boolean().optional().describe('signed on a mobile device'),
})
export const simulateDocumentSchema = z.object({ documentId: z.string({ error: 'is required (a string)' }) })
