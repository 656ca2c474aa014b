import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { startCli } from '../helpers/cli.js'
import { ROOT, parseBlocks } from './blocks.js'

/** The start-up lines the README shows are what `npm start` prints. */
test('README quick start shows what the CLI prints on start', async () => {
  const shown = parseBlocks('README.md', readFileSync(join(ROOT, 'README.md'), 'utf8')).find((b) =>
    b.body.includes('listening on http://127.0.0.1:4010'),
  )
  expect(shown, 'a text block with the start-up lines').toBeDefined()
  const expected = (shown?.body ?? '').trim().split('\n')
  const cli = await startCli([])
  try {
    const deadline = Date.now() + 10_000
    while (cli.stdout().trim().split('\n').length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    const printed = cli.stdout().replaceAll(cli.url, 'http://127.0.0.1:4010').trim().split('\n').slice(0, expected.length)
    expect(printed).toEqual(expected)
  } finally {
    cli.child.kill('SIGTERM')
    await cli.exited
  }
})
