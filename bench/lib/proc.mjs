import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

/** Every child this run started, so that an interrupted run leaves nothing behind. */
const children = new Set()
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    for (const child of children) child.kill('SIGKILL')
    process.exit(130)
  })
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Starts a server process and resolves once it answers: either its stdout
 * matches `readyLine` (group 1 = base URL) or `probe` (a URL) answers any HTTP
 * status. Rejects with its output when it exits first or after `timeoutMs`.
 */
export function startServer({ command, args, cwd, env, readyLine, probe, timeoutMs = 60_000 }) {
  const t0 = performance.now()
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
    children.delete(child)
  }
  const ready = new Promise((resolve, reject) => {
    const deadline = setTimeout(() => fail(new Error(`not ready after ${timeoutMs} ms`)), timeoutMs)
    let done = false
    const fail = (err) => {
      if (done) return
      done = true
      clearTimeout(deadline)
      void stop().then(() => reject(new Error(`${err.message}; output: ${out.trim().slice(-600) || '(none)'}`)))
    }
    const ok = (url) => {
      if (done) return
      done = true
      clearTimeout(deadline)
      resolve({ url, child, pid: child.pid, startup_ms: performance.now() - t0, stop, output: () => out })
    }
    void exited.then((code) => fail(new Error(`exited (${code}) before it was ready`)))
    if (readyLine) {
      child.stdout.on('data', () => {
        const m = readyLine.exec(out)
        if (m) ok(m[1])
      })
    }
    if (probe) {
      const poll = async () => {
        while (!done) {
          const res = await fetch(probe.url, { signal: AbortSignal.timeout(2000) }).catch(() => undefined)
          if (res) {
            await res.arrayBuffer().catch(() => undefined)
            if (!probe.status || res.status === probe.status) return ok(probe.base)
          }
          await new Promise((r) => setTimeout(r, 20))
        }
      }
      void poll()
    }
  })
  return ready
}

export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024
}

/** CPU time (user + system) the process has used so far, in ms. */
export function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // clock ticks, USER_HZ = 100 on Linux
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
