import { readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * The import picture of src/ (docs/architecture.md): no cycle, type-only and
 * lazy `import()` included, and a vendor folder sees only lib/, state/ and
 * itself. Read from the sources, so a new cycle fails here before it shows up
 * as an `undefined` at start-up.
 */
const SRC = resolve(import.meta.dirname, '../../src')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return sources(path)
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : []
  })
}

/** Every relative import of every source file (static, `import type`, `export … from`, `import()`), as src-relative paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sources(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    const targets = importedFiles
      .map((i) => i.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(SRC, resolve(dirname(file), name.replace(/\.js$/, '.ts'))))
    graph.set(relative(SRC, file), targets)
  }
  return graph
}

/** One import cycle as `a → b → a`, or undefined (depth-first search, colouring the files). */
function findCycle(graph: Map<string, string[]>): string | undefined {
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (file: string): string | undefined => {
    if (state.get(file) === 'done' || !graph.has(file)) return undefined
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file].join(' → ')
    state.set(file, 'open')
    path.push(file)
    for (const next of graph.get(file) ?? []) {
      const cycle = visit(next)
      if (cycle) return cycle
    }
    path.pop()
    state.set(file, 'done')
    return undefined
  }
  for (const file of graph.keys()) {
    const cycle = visit(file)
    if (cycle) return cycle
  }
  return undefined
}

describe('import picture of src/', () => {
  const graph = importGraph()

  it('reads every source file and its imports', () => {
    expect(graph.get('app.ts')).toContain('pipeline/mount.ts')
    expect(graph.size).toBeGreaterThan(100)
  })

  it('has no import cycle', () => {
    expect(findCycle(graph)).toBeUndefined()
  })

  it('finds a cycle when there is one (the check itself works)', () => {
    const looped = new Map(graph)
    looped.set('lib/vendor.ts', [...(graph.get('lib/vendor.ts') ?? []), 'app.ts'])
    const cycle = findCycle(looped)?.split(' → ') ?? []
    expect(cycle.join(' → ')).toContain('lib/vendor.ts → app.ts')
    expect(cycle.at(-1)).toBe(cycle[0])
  })

  it('a vendor folder imports only lib/, state/ and its own files', () => {
    const strays: string[] = []
    for (const [file, targets] of graph) {
      const vendor = /^mocks\/([^/]+)\//.exec(file)?.[1]
      if (!vendor) continue
      for (const t of targets) if (!/^(lib|state)\//.test(t) && !t.startsWith(`mocks/${vendor}/`)) strays.push(`${file} → ${t}`)
    }
    expect(strays).toEqual([])
  })
})
