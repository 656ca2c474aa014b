import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Runs the built CLI (`dist/cli.js`, what `npm start` runs) as a child process. */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))

export interface CliProcess {
  child: ChildProcess
  url: string
  stdout: () => string
  stderr: () => string
  exited: Promise<number | null>
}

export function startCli(args: string[], env: Record<string, string> = {}): Promise<CliProcess> {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--log-level', 'silent', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    // Generous: a loaded machine (the whole suite beside it) starts node slowly; readiness is the banner, not a time.
    const timer = setTimeout(() => reject(new Error(`CLI did not become ready: ${err}`)), 60_000)
    const onData = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m && out.includes('\n')) {
        clearTimeout(timer)
        child.stdout?.off('data', onData)
        resolve({ child, url: m[1], stdout: () => out, stderr: () => err, exited })
      }
    }
    child.stdout?.on('data', onData)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`CLI exited with ${code}: ${err}`))
    })
  })
}

/** Runs the CLI to completion (for flags that make it exit). */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    // 'close', not 'exit': the exit can arrive before the last output is read.
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
