#!/usr/bin/env node
// Writes docs/openapi/<vendor id>.json and sandbox.json (run by `npm run build`), so the
// OpenAPI documents can be browsed in the repository. The same documents are served at
// GET /__sandbox/openapi/<id>.json; these name the default base URL http://127.0.0.1:4010.
// test/sandbox/openapi.test.ts fails when the committed files are not current.
import { mkdirSync, writeFileSync } from 'node:fs'
import { createSandbox } from '../dist/index.js'

export const BASE = 'http://127.0.0.1:4010'

const sandbox = createSandbox()
const { vendors } = await sandbox.control.health()
mkdirSync(new URL('../docs/openapi/', import.meta.url), { recursive: true })
for (const id of [...vendors, 'sandbox']) {
  // Over the HTTP door's view (not in-process), so servers name the sandbox's base URL.
  const res = await sandbox.app.request(`${BASE}/__sandbox/openapi/${id}.json`)
  if (res.status !== 200) throw new Error(`openapi/${id}.json: ${res.status} ${await res.text()}`)
  writeFileSync(new URL(`../docs/openapi/${id}.json`, import.meta.url), `${JSON.stringify(await res.json(), null, 2)}\n`)
}
