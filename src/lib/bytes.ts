/** Binary content is stored as base64 text so that every record is JSON data. */
export const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
export const fromBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'))
export const utf8 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')

const STANDARD = /^[A-Za-z0-9+/]*={0,2}$/
const URL_SAFE = /^[A-Za-z0-9_-]*={0,2}$/

/**
 * Strict base64 for uploads: whitespace ignored; the standard or the URL-safe
 * alphabet (not both), at most two `=`, no impossible length. Node's own
 * decoder silently skips garbage, which would store corrupt documents.
 */
export function decodeBase64Strict(text: string): Uint8Array | null {
  const s = text.replace(/[\t\n\f\r ]+/g, '')
  if (!STANDARD.test(s) && !URL_SAFE.test(s)) return null
  const bare = s.replace(/=+$/, '')
  if (bare.length % 4 === 1) return null
  if (s.length > bare.length && s.length % 4 !== 0) return null
  const bytes = new Uint8Array(Buffer.from(bare, bare.includes('-') || bare.includes('_') ? 'base64url' : 'base64'))
  return bytes.byteLength > 0 ? bytes : null
}

/** Offset of `needle` in the first `within` bytes of `bytes`, or -1. */
export function indexOfAscii(bytes: Uint8Array, needle: string, within = bytes.byteLength): number {
  const end = Math.min(bytes.byteLength, within) - needle.length
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer
    return i
  }
  return -1
}
