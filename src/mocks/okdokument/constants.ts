/** OKdokument's mount, document states, languages, limits and periods (spec okdokument.md). */

export const PREFIX = '/okdokument'
export const HOSTS = ['https://apidev.okdokument.com', 'https://api.okdokument.com']
export const DOCUMENT_STATES = ['tags', 'tostamp', 'tosign', 'signed', 'errorsendinfo', 'canceled'] as const
export type DocumentState = (typeof DOCUMENT_STATES)[number]
/** States a caller may upload into. */
export const UPLOAD_STATES: readonly string[] = ['tosign', 'tags', 'tostamp']
export const LANGUAGES: readonly string[] = ['sk', 'cs', 'en', 'ro', 'uk', 'pl', 'pt', 'hu']
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
export const MAX_BODY_BYTES = 15 * 1024 * 1024
export const DEFAULT_EXPIRY_MS = 24 * 3600_000
export const MAX_EXPIRY_MS = 10 * 24 * 3600_000
export const PROCESSING_MS = 1000
export const SIGNED_RETENTION_MS = 10 * 24 * 3600_000
export const ANY_RETENTION_MS = 60 * 24 * 3600_000
export const GROUP = 'api_user'
export const SENDER = 'okdokument@okdokument.sk'
