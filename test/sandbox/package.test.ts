import { describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The published entry points resolve through package.json `exports` (the built dist/, as a user gets it). */
describe('package entry points', () => {
  it('esign-sandbox exports createSandbox, connect and typed declarations', async () => {
    const main = (await import('esign-sandbox' as string)) as Record<string, unknown>
    expect(typeof main.createSandbox).toBe('function')
    expect(typeof main.connect).toBe('function')
    expect(existsSync(fileURLToPath(new URL('../../dist/index.d.ts', import.meta.url)))).toBe(true)
  })

  it('esign-sandbox/msw gives handlers for a sandbox', async () => {
    const { createSandbox } = (await import('esign-sandbox' as string)) as { createSandbox: () => unknown }
    const msw = (await import('esign-sandbox/msw' as string)) as { handlers: (s: unknown) => unknown[] }
    const list = msw.handlers(createSandbox())
    expect(Array.isArray(list)).toBe(true)
    expect(existsSync(fileURLToPath(new URL('../../dist/msw.d.ts', import.meta.url)))).toBe(true)
  })

  it('esign-sandbox/vitest gives sandboxTest', async () => {
    const helper = (await import('esign-sandbox/vitest' as string)) as { sandboxTest: unknown }
    expect(typeof helper.sandboxTest).toBe('function')
  })
})
