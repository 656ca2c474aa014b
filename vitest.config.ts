import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

// Most of the suite's wall time is spent waiting on other processes (the CLI, Chromium,
// redis-server, npm pack's build, child vitest runs, the benchmark smoke run), not in the
// worker. vitest's default of one worker per core but one leaves a 2-core machine with a
// single worker that waits on them one after another.
const WORKERS = Math.max(3, availableParallelism())

// Two projects. Most files share one module graph per worker (`isolate: false`):
// they import the same engine, zod and msw, build their own sandboxes and leave
// no global behind, so re-importing all of it per file (most of the suite's time)
// buys nothing. A file that must start from fresh modules (it patches globals it
// cannot restore, or mocks modules) is named `*.isolated.test.ts`.
const ISOLATED = '**/*.isolated.test.ts'

export default defineConfig({
  test: {
    // Every kept reply a test would be answered from is made again and compared (pipeline/reply-cache.ts):
    // a reply that depends on something the cache does not check fails the test that asked for it.
    env: { SANDBOX_REPLY_CACHE: 'verify' },
    // Safety nets for a hang, not timings (tests never assert those): with three workers on a
    // loaded 2-core machine, a test that starts the CLI twice can take well over 20 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'threads',
    maxWorkers: WORKERS,
    projects: [
      {
        extends: true,
        test: { name: 'shared', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: [ISOLATED], isolate: false },
      },
      {
        extends: true,
        test: { name: 'isolated', include: [`src/${ISOLATED}`, `test/${ISOLATED}`], isolate: true },
      },
    ],
  },
})
