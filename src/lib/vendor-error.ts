/**
 * The one error primitive of the vendors: thrown anywhere in a vendor with the
 * id of a catalogue entry; the vendor's `errors.ts` renders its exact envelope.
 */
export class VendorError extends Error {
  constructor(
    readonly catalogueId: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(catalogueId)
    this.name = 'VendorError'
  }
}

/** Control-plane failures (`{error, message}` JSON), e.g. from a simulate action. */
export class ControlError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 409 | 429 | 500,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = 'ControlError'
  }
}

/** A request body larger than the mount allows; each vendor maps it to its own error. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body over ${limit} bytes`)
    this.name = 'BodyTooLargeError'
  }
}

/** One row of a vendor's error catalogue, as `GET /__sandbox/errors` lists it. */
export interface CatalogueEntry {
  id: string
  http_status: number
  code: string | number | null
  message: string
  trigger: string
  /**
   * The routes that can answer it, as `<METHODS> <path>` patterns relative to the mount
   * (`GET /JSON/counter`, `POST|PATCH /JSON/*`, `* /api/v1/*`; a path ending in `*` covers
   * every path below it) or `*` for every route. `[]`: no documented route (an unknown
   * path, a wrong verb). The OpenAPI documents list each operation's errors from this.
   */
  routes?: readonly string[]
}
