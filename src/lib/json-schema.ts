import type { z } from 'zod'

/**
 * zod → JSON Schema (draft 2020-12, what OpenAPI 3.1 embeds), for the simulate
 * catalogue and the OpenAPI documents. Loaded on first use: the CLI bundle
 * leaves zod's JSON-Schema tools out of start-up (scripts/zod-lite.mjs).
 */
export type JsonSchema = { [key: string]: unknown }

export type ToJsonSchema = (schema: z.ZodType, io?: 'input' | 'output') => JsonSchema

let loading: Promise<ToJsonSchema> | undefined

export function loadJsonSchema(): Promise<ToJsonSchema> {
  loading ??= import('zod/v4/core').then(({ toJSONSchema }) => (schema: z.ZodType, io: 'input' | 'output' = 'input') => {
    // `unrepresentable: 'any'`: a custom check (refine, custom) documents as "any value" instead of throwing.
    const out = toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema
    delete out.$schema
    return out
  })
  return loading
}
