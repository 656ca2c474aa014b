import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The fenced code blocks of the product docs (README.md and docs/**\/*.md), as
 * the docs example test runs them. A block is runnable when its info string
 * starts with sh, bash, js, mjs or ts and says neither `no-run` nor `example-vendor`
 * (the vendor that docs/adding-a-vendor.md builds file by file, which
 * test/docs/adding-a-vendor.test.ts assembles and runs); `<!-- expect: text -->`
 * lines right above a runnable block name text its output must contain; a block
 * whose info string says `reply` right after a runnable block (only blank lines
 * between) shows that block's output and is rewritten by `UPDATE_DOC_REPLIES=1`.
 */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export type Lang = 'sh' | 'js' | 'ts'

export interface Block {
  /** Repository-relative file, e.g. `docs/vendors/signio.md`. */
  file: string
  /** 1-based line of the opening fence. */
  line: number
  info: string
  body: string
  /** Runnable language, or undefined for blocks that are only shown. */
  lang?: Lang
  expect: string[]
  /** The reply block shown right after this one, if any. */
  reply?: { start: number; end: number; info: string }
}

const LANGS: Record<string, Lang> = { sh: 'sh', bash: 'sh', shell: 'sh', js: 'js', mjs: 'js', ts: 'ts' }

export function docFiles(): string[] {
  const out = ['README.md']
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`
      if (e.isDirectory()) walk(rel)
      else if (e.name.endsWith('.md')) out.push(rel)
    }
  }
  walk('docs')
  return out.sort()
}

const FENCE = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/

/** Blocks of one markdown text, with line numbers (0-based `start`/`end` are the fence lines). */
export function parseBlocks(file: string, text: string): Block[] {
  const lines = text.split('\n')
  const blocks: (Block & { start: number; end: number })[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i])
    if (!open) continue
    const fence = open[1]
    let j = i + 1
    while (j < lines.length && !(lines[j].trim().startsWith(fence[0].repeat(fence.length)) && lines[j].trim().replace(/[`~]/g, '') === ''))
      j++
    const info = open[2].trim()
    const words = info.split(/\s+/)
    const lang = words.includes('no-run') || words.includes('example-vendor') ? undefined : LANGS[words[0]]
    const expect: string[] = []
    for (let k = i - 1; k >= 0; k--) {
      const m = /^<!--\s*expect:\s*(.*?)\s*-->$/.exec(lines[k].trim())
      if (!m) break
      expect.unshift(m[1])
    }
    blocks.push({ file, line: i + 1, info, body: lines.slice(i + 1, j).join('\n'), lang, expect, start: i, end: j })
    i = j
  }
  for (let b = 0; b + 1 < blocks.length; b++) {
    const cur = blocks[b]
    const next = blocks[b + 1]
    const between = lines.slice(cur.end + 1, next.start)
    if (cur.lang && next.info.split(/\s+/).includes('reply') && between.every((l) => l.trim() === '')) {
      cur.reply = { start: next.start, end: next.end, info: next.info }
    }
  }
  return blocks.map(({ start: _s, end: _e, ...b }) => b)
}

export function allBlocks(): Block[] {
  return docFiles().flatMap((f) => parseBlocks(f, readFileSync(join(ROOT, f), 'utf8')))
}

export function label(b: Block): string {
  return `${relative('.', b.file)}:${b.line} (${b.info})`
}
