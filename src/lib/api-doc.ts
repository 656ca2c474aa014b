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

/** A request made on a fresh sandbox (fixtures, frozen clock): its reply becomes the operation's example. */
export interface ExampleRequest {
  /** Values for the path's `:params`. */
  params?: Record<string, string>
  query?: Record<string, string>
  headers?: Record<string, string>
  /** A JSON body (sent as application/json). */
  json?: unknown
  /** An urlencoded form body. */
  form?: Record<string, string>
}

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
  example?: ExampleRequest
}

export interface VendorApiDoc {
  /** A paragraph for the document's `info.description`. */
  description: string
  securitySchemes: Record<string, SecurityScheme>
  /** Schemes that authorise a call by default (any one; a list = all of them together). */
  security: (string | string[])[]
  /** By `"<METHOD> <path as registered, after the mount prefix>"`, e.g. `"POST /api/v2/token/crear"`. */
  operations: Record<string, ApiOperation>
}
