import type { z } from 'zod'
import { ControlError } from './vendor-error.js'
import type { Ws } from '../state/workspace.js'

/**
 * Simulate actions (`POST /__sandbox/simulate/<vendor>/<action>`): what a
 * person does outside the API. Each action carries the zod schema of its body
 * and a description, so one definition drives validation, the catalogue
 * (`GET /__sandbox/simulate`, JSON Schema) and the control client's types.
 */
export interface SimulateAction<S, Z extends z.ZodType = z.ZodType, R = unknown> {
  readonly description: string
  readonly schema: Z
  // Method syntax on purpose: an action over a narrower body still fits `SimulateAction<S>`.
  run(ws: Ws<S>, body: z.output<Z>, caller: CallerScope): R | Promise<R>
}

export type SimulateActions<S> = Record<string, SimulateAction<S>>

/**
 * `const action = simulateAction<State>()` then `action(schema, description, run)`:
 * the body type of `run` comes from the schema, the vendor state from the call.
 */
export function simulateAction<S>() {
  return <Z extends z.ZodType, R>(
    schema: Z,
    description: string,
    run: (ws: Ws<S>, body: z.output<Z>, caller: CallerScope) => R | Promise<R>,
  ): SimulateAction<S, Z, R> => ({ description, schema, run })
}

/** The body an action accepts (what a caller sends) and the result it answers, per action of a simulate table. */
export type SimulateSignatures<T> = {
  [A in keyof T & string]: T[A] extends SimulateAction<never, infer Z, infer R> ? { body: z.input<Z>; result: R } : never
}

/** The parsed body, or a control-plane 400 naming every bad field (`path: message; …`). */
export function parseSimulateBody<Z extends z.ZodType>(schema: Z, body: unknown): z.output<Z> {
  const r = schema.safeParse(body)
  if (r.success) return r.data
  const message = r.error.issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ')
  throw new ControlError(400, 'bad_request', message)
}

/**
 * The one refusal of every vendor's simulate actions when the record's state
 * does not allow the action — wrong status, not the signer's turn, already
 * done, an option of the record that forbids it, an id already taken:
 * 409 `{"error": "invalid_state", "message": …}`, the message saying which.
 */
export function invalidState(message: string): ControlError {
  return new ControlError(409, 'invalid_state', message)
}

/** Where a control-plane call came from, so vendors can build the URLs they return. */
export interface CallerScope {
  workspaceId: string
  /**
   * The base of the URLs the action hands out, for the vendor's first mount, worked out by the engine
   * like a vendor request's `base` (`linkBase`): in-process calls name the mount's first real host.
   */
  base: string
}
