import type { z } from 'zod'

/**
 * What a vendor tells the OpenAPI generator (`GET /__sandbox/openapi/<id>.json`)
 * beyond its routes and error catalogue: how it authenticates, and per
 * operation a summary, the zod schemas its routes validate with, and a request
 * that the generator runs on a fresh sandbox so the documented reply is the
 * real one from the fixtures.
 */

/** An OpenAPI 3.1 security scheme object (`http` bearer, `apiKey` header/query…). */
export type SecurityScheme =
  | { type: 'http'; scheme: 'bearer' | 'basic'; bearerFormat?: string; description?: string }
  | { type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string; description?: string }

/** A file part of a multipart example body. */
export interface ExampleFile {
  filename: string
  type: string
  /** The file's text (a tiny PDF is text too). */
  content: string
}

/** A request of the example flow, made on a fresh sandbox (fixtures, frozen clock): its reply becomes the operation's example. */
export interface ExampleRequest {
  /** Values for the path's `:params`. */
  params?: Record<string, string>
  query?: Record<string, string>
  headers?: Record<string, string>
  /** A JSON body (sent as application/json). */
  json?: unknown
  /** An urlencoded form body. */
  form?: Record<string, string>
  /** A multipart/form-data body: text fields and files. */
  multipart?: Record<string, string | ExampleFile>
}

/**
 * What earlier steps of the flow answered: `reply(key, path)` is the value at the
 * dotted `path` (array items by index) of the latest reply to `key` (an
 * operation key, `simulate <action>` or `sandbox <path>`); a missing value is an error.
 */
export type Replies = (key: string, path: string) => string

/**
 * One step of a vendor's example flow. The generator runs the steps in order on
 * one fresh workspace; an operation's example is the reply to its first step,
 * and a step must get the operation's success status. Simulate steps do what a
 * signer does between calls.
 */
export type ExampleStep =
  | { op: string; request?: ExampleRequest | ((reply: Replies) => ExampleRequest) }
  | { simulate: string; body?: Record<string, unknown> | ((reply: Replies) => Record<string, unknown>) }
  /** A control-plane read (`GET /__sandbox<path>`), e.g. the outbox for a link a signer got by e-mail; key `sandbox <path>`. */
  | { sandbox: string }

export interface ApiOperation {
  summary: string
  description?: string
  /** The vendor's security schemes that authorise this call (any one; a list = all of them together); `[]` = none. Default: the vendor's. */
  security?: (string | string[])[]
  /** Query parameters (a zod object: one parameter per key). */
  query?: z.ZodObject
  body?: { type: 'application/json' | 'application/x-www-form-urlencoded' | 'multipart/form-data'; schema: z.ZodType }
  /** The success reply; default 200 `application/json`. */
  response?: { status?: number; type?: string; description?: string; schema?: z.ZodType }
}

export interface VendorApiDoc {
  /** A paragraph for the document's `info.description`. */
  description: string
  securitySchemes: Record<string, SecurityScheme>
  /** Schemes that authorise a call by default (any one; a list = all of them together). */
  security: (string | string[])[]
  /** By `"<METHOD> <path as registered, after the mount prefix>"`, e.g. `"POST /api/v2/token/crear"`. */
  operations: Record<string, ApiOperation>
  /** The flow whose replies are the success examples: every operation appears in it. */
  examples: ExampleStep[]
}

/** The parts each vendor's `openapi.ts` writes; the schemes authorise every call together unless an operation says otherwise. */
export interface ApiDocInput {
  description: string
  securitySchemes: Record<string, SecurityScheme>
  operations: Record<string, ApiOperation>
  examples: ExampleStep[]
}

export function defineApiDoc(doc: ApiDocInput): VendorApiDoc {
  return { ...doc, security: [Object.keys(doc.securitySchemes)] }
}

/** Request bodies as the operations declare them. */
export const jsonBody = (schema: z.ZodType) => ({ type: 'application/json' as const, schema })
export const formBody = (schema: z.ZodType) => ({ type: 'application/x-www-form-urlencoded' as const, schema })
export const multipartBody = (schema: z.ZodType) => ({ type: 'multipart/form-data' as const, schema })

/** The smallest PDF the vendors accept (one empty page): example uploads send it. */
export const EXAMPLE_PDF = [
  '%PDF-1.7',
  '1 0 obj',
  '<< /Type /Catalog /Pages 2 0 R >>',
  'endobj',
  '2 0 obj',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  'endobj',
  '3 0 obj',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  'endobj',
  'xref',
  '0 4',
  '0000000000 65535 f ',
  '0000000009 00000 n ',
  '0000000058 00000 n ',
  '0000000115 00000 n ',
  'trailer',
  '<< /Size 4 /Root 1 0 R >>',
  'startxref',
  '186',
  '%%EOF',
  '',
].join('\n')
export const EXAMPLE_PDF_BASE64 = btoa(EXAMPLE_PDF)
/** EXAMPLE_PDF as a multipart file part. */
export const examplePdfFile = (filename: string): ExampleFile => ({ filename, type: 'application/pdf', content: EXAMPLE_PDF })
