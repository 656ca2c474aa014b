import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { createSandbox } from '../../src/index.js'
import { ROOT } from './blocks.js'

describe('GET /__sandbox/vendors docs fields', () => {
  test('docs names a page of this package; vendor_docs is the vendor’s public URL or null', async () => {
    const res = await createSandbox().app.request('/__sandbox/vendors')
    const body = (await res.json()) as { items: { id: string; docs: string; vendor_docs: string | null }[] }
    expect(body.items.map((v) => v.id)).toEqual(['signio', 'zoho', 'tranadmin', 'ipro', 'okdokument'])
    for (const v of body.items) {
      expect(v.docs).toMatch(/^docs\/vendors\/[a-z-]+\.md$/)
      expect(existsSync(join(ROOT, v.docs)), v.docs).toBe(true)
      if (v.vendor_docs !== null) expect(v.vendor_docs).toMatch(/^https:\/\/[^\s;]+$/)
    }
  })

  test('the package ships the docs those fields name', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] }
    expect(pkg.files).toContain('docs')
  })

  test('nothing under src/ points at the working notes outside the repository', () => {
    const hits: string[] = []
    const walk = (dir: string) => {
      for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${e.name}`
        if (e.isDirectory()) walk(rel)
        else if (readFileSync(join(ROOT, rel), 'utf8').includes('../shared')) hits.push(rel)
      }
    }
    walk('src')
    expect(hits).toEqual([])
  })
})
