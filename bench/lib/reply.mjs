import { readFileSync } from 'node:fs'

/**
 * Recorded sandbox replies, handed to the static peer servers so they answer
 * the same bytes: a JSON file of `[{ method, path, status, headers, body_base64 }]`.
 */
export function readReplies(file) {
  return JSON.parse(readFileSync(file, 'utf8')).map((r) => ({ ...r, body: Buffer.from(r.body_base64, 'base64') }))
}
