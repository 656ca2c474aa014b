import { buildSandbox, type SandboxOptions } from '../../src/index.js'
import { ledgerVendor } from './ledger-vendor.js'
import { allVendors } from '../../src/mocks/index.js'
import { TEST_BACKOFF_MS } from './doors.js'

/** A sandbox with the test vendor mounted next to the real ones. */
export function ledgerSandbox(options: SandboxOptions = {}) {
  return buildSandbox([ledgerVendor, ...allVendors], { seed: 1, deliveryBackoffMs: TEST_BACKOFF_MS, ...options })
}

export const K1 = { 'x-key': 'k1' }
export const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...K1, ...headers },
  body: JSON.stringify(body),
})
