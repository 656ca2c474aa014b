import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ROOT, docFiles } from './blocks.js'

/**
 * The docs stand on their own: every relative link in README.md and docs/
 * reaches a file (and heading) of this repository, and none leaves it.
 */

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const out = new Set<string>()
  for (const line of withoutCode(markdown).split('\n')) {
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)
    if (!m) continue
    const slug = m[1]
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-')
    const n = seen.get(slug) ?? 0
    seen.set(slug, n + 1)
    out.add(n === 0 ? slug : `${slug}-${n}`)
  }
  return out
}

/** Fenced blocks and inline code are examples, not links. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}\1\s*$/gm, '').replace(/`[^`\n]*`/g, '')
}

function links(markdown: string): string[] {
  const text = withoutCode(markdown)
  const out: string[] = []
  for (const m of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) out.push(m[1])
  for (const m of text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)) out.push(m[1])
  for (const m of text.matchAll(/<a\s[^>]*href="([^"]+)"/g)) out.push(m[1])
  return out
}

const files = docFiles()

describe('docs links', () => {
  test.each(files)('%s: every link resolves to a file (and heading) of the repository', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8')
    const broken: string[] = []
    for (const link of links(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) {
        broken.push(`${link} (leaves the repository)`)
        continue
      }
      const [path, hash] = link.split('#') as [string, string | undefined]
      const target = path === '' ? join(ROOT, file) : normalize(join(ROOT, dirname(file), decodeURI(path)))
      const rel = relative(ROOT, target)
      if (rel.startsWith('..') || link.includes('shared/')) {
        broken.push(`${link} (leaves the repository)`)
        continue
      }
      if (!existsSync(target)) {
        broken.push(`${link} (no such file)`)
        continue
      }
      if (hash && statSync(target).isFile() && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(hash)) {
        broken.push(`${link} (no heading #${hash})`)
      }
    }
    expect(broken).toEqual([])
  })

  test.each(files)('%s: never names the working notes the product does not ship', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8')
    expect(text).not.toMatch(/\.\.\/shared|shared\/specs|shared\/seeds|ARCHITECTURE\.md|§\s?\d/)
  })
})
