#!/usr/bin/env node
// Prints the error catalogue of every vendor as Markdown (from the built dist/), for the README.
import { createSandbox } from '../dist/index.js'

const sandbox = createSandbox()
const { items } = await sandbox.control.errors()
const byVendor = new Map()
for (const e of items) byVendor.set(e.vendor, [...(byVendor.get(e.vendor) ?? []), e])
const cell = (v) =>
  String(v ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ')
for (const [vendor, entries] of byVendor) {
  console.log(`\n<details><summary><b>${vendor}</b> (${entries.length} errors)</summary>\n`)
  console.log('| id | HTTP | code | message | natural trigger |')
  console.log('|---|---|---|---|---|')
  for (const e of entries) console.log(`| \`${e.id}\` | ${e.http_status} | ${cell(e.code)} | ${cell(e.message)} | ${cell(e.trigger)} |`)
  console.log('\n</details>')
}
