import type { SandboxContext } from './context.js'

/** The control plane's error shape: `{"error": "<code>", "message": "<text>"}`. */
export function controlError(
  c: SandboxContext,
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
): Response {
  return c.body(JSON.stringify({ error, message, ...extra }), status as 400, { 'content-type': 'application/json' })
}
