#!/usr/bin/env node
import { parseArgs } from 'node:util'
import { createApp } from './app.js'
import { createRuntime, type SandboxOptions } from './runtime.js'
import { allVendors } from './mocks/index.js'
import { VERSION } from './version.js'
import { startServer } from './server.js'
import { isValidClockSetting } from './state/clock.js'
import { StorageError } from './state/storage.js'
import { vendorOptionProblem } from './lib/vendor.js'
import { linkBase } from './lib/links.js'

/** `--mount-port` names a mount by its prefix without the slash (`zoho-accounts`). */
const MOUNTS = allVendors.flatMap((v) => v.mounts.map((m) => ({ name: m.prefix.slice(1), prefix: m.prefix, vendor: v.id })))
const MOUNT_NAMES = MOUNTS.map((m) => m.name)

const HELP = `esign-sandbox ${VERSION} — stateful emulator of e-signature vendor APIs

Usage: esign-sandbox [options]

  --port <n>            port to listen on, 0 = any free port   (SANDBOX_PORT, default 4010)
  --host <addr>         address to bind                        (SANDBOX_HOST, default 127.0.0.1)
  --seed <n>            PRNG seed for ids and fake data        (SANDBOX_SEED, default 1)
  --clock <real|ISO>    'real' or an instant to start frozen   (SANDBOX_CLOCK, default real)
  --data-file <path>    persist state to this data file        (SANDBOX_DATA_FILE)
  --redis <url>         keep workspaces in Redis, shared by every instance with the same URL
                        (SANDBOX_REDIS_URL; e.g. redis://127.0.0.1:6379/0; not with --data-file)
  --vendors <a,b>       mount only these vendors               (SANDBOX_VENDORS; ${allVendors.map((v) => v.id).join(',')})
  --admin-token <t>     require Bearer <t> on /__sandbox       (SANDBOX_ADMIN_TOKEN)
  --max-workspaces <n>  live workspace cap, default not counted (SANDBOX_MAX_WORKSPACES, default 1000)
  --workspace-ttl <s>   drop workspaces unused for s seconds, 0 = never; default is kept
                        (SANDBOX_WORKSPACE_TTL, default 0)
  --journal-size <n>    request journal entries per workspace, 0 = no journal  (SANDBOX_JOURNAL_SIZE, default 10000)
  --outbound-deny private  refuse webhooks and callbacks to loopback and private addresses
                        (SANDBOX_OUTBOUND_DENY; off by default: local receivers are the normal case)
  --journal-body-limit <bytes>  bytes of each request and reply body the journal keeps
                        (SANDBOX_JOURNAL_BODY_LIMIT, default 8192)
  --log-level <level>   silent | info | debug                  (SANDBOX_LOG_LEVEL, default info)
  --reply-cache <mode>  on | off | verify: a repeated GET is answered from the reply kept for it
                        while nothing it was made from changed (SANDBOX_REPLY_CACHE, default on)
  --mount-port <mount>=<port>  also serve one mount at the root of its own port, repeatable
                        (SANDBOX_MOUNT_PORTS, comma-separated; mounts: ${MOUNT_NAMES.join(', ')})
  --delivery-backoff <ms,ms>  waits between webhook/callback attempts, the last repeats
                        (SANDBOX_DELIVERY_BACKOFF, default 1000,2000; e.g. 5,10 in CI)
  --vendor-option <vendor.name=value>  a vendor's sandbox option, repeatable
                        (SANDBOX_VENDOR_OPTIONS, comma-separated; e.g. zoho.tokenThrottle=0)
  --help, --version
`

class UsageError extends Error {}

export interface MountPort {
  mount: string
  prefix: string
  port: number
}

function integer(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new UsageError(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`)
  return Number(value)
}

export function parseCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { help?: true; version?: true; port: number; host: string; mountPorts: MountPort[]; options: SandboxOptions } {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        clock: { type: 'string' },
        'data-file': { type: 'string' },
        redis: { type: 'string' },
        vendors: { type: 'string' },
        'admin-token': { type: 'string' },
        'max-workspaces': { type: 'string' },
        'workspace-ttl': { type: 'string' },
        'journal-size': { type: 'string' },
        'journal-body-limit': { type: 'string' },
        'outbound-deny': { type: 'string' },
        'log-level': { type: 'string' },
        'reply-cache': { type: 'string' },
        'delivery-backoff': { type: 'string' },
        'vendor-option': { type: 'string', multiple: true },
        'mount-port': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    })
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0])
  }
  const v = parsed.values
  const pick = (flag: string | undefined, name: string) => flag ?? (env[name] !== undefined && env[name] !== '' ? env[name] : undefined)
  const port = integer('--port', pick(v.port, 'SANDBOX_PORT') ?? '4010', 0, 65535)
  const host = pick(v.host, 'SANDBOX_HOST') ?? '127.0.0.1'
  const seedText = pick(v.seed, 'SANDBOX_SEED') ?? '1'
  if (!/^-?\d+$/.test(seedText)) throw new UsageError(`--seed must be an integer, got ${JSON.stringify(seedText)}`)
  const clock = pick(v.clock, 'SANDBOX_CLOCK') ?? 'real'
  if (!isValidClockSetting(clock))
    throw new UsageError(`--clock must be 'real' or an ISO-8601 instant such as 2026-01-01T00:00:00Z, got ${JSON.stringify(clock)}`)
  const vendorList = pick(v.vendors, 'SANDBOX_VENDORS')
  let vendors: string[] | undefined
  if (vendorList !== undefined) {
    vendors = vendorList
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const known = allVendors.map((x) => x.id)
    const unknown = vendors.filter((id) => !known.includes(id))
    if (unknown.length || vendors.length === 0)
      throw new UsageError(
        `--vendors takes a comma-separated list of ${known.join(', ')}; unknown: ${unknown.join(', ') || '(empty list)'}`,
      )
  }
  const logLevel = pick(v['log-level'], 'SANDBOX_LOG_LEVEL') ?? 'info'
  if (!['silent', 'info', 'debug'].includes(logLevel))
    throw new UsageError(`--log-level must be silent, info or debug, got ${JSON.stringify(logLevel)}`)
  const replyCache = pick(v['reply-cache'], 'SANDBOX_REPLY_CACHE') ?? 'on'
  if (replyCache !== 'on' && replyCache !== 'off' && replyCache !== 'verify')
    throw new UsageError(`--reply-cache must be on, off or verify, got ${JSON.stringify(replyCache)}`)
  const maxWs = pick(v['max-workspaces'], 'SANDBOX_MAX_WORKSPACES')
  const ttl = pick(v['workspace-ttl'], 'SANDBOX_WORKSPACE_TTL')
  const journal = pick(v['journal-size'], 'SANDBOX_JOURNAL_SIZE')
  const journalBody = pick(v['journal-body-limit'], 'SANDBOX_JOURNAL_BODY_LIMIT')
  const outboundDeny = pick(v['outbound-deny'], 'SANDBOX_OUTBOUND_DENY')
  if (outboundDeny !== undefined && outboundDeny !== 'private')
    throw new UsageError(`--outbound-deny takes 'private', got ${JSON.stringify(outboundDeny)}`)
  const adminToken = pick(v['admin-token'], 'SANDBOX_ADMIN_TOKEN')
  const dataFile = pick(v['data-file'], 'SANDBOX_DATA_FILE')
  const redis = pick(v.redis, 'SANDBOX_REDIS_URL')
  if (redis !== undefined && dataFile !== undefined)
    throw new UsageError('--redis and --data-file cannot be combined: workspaces live either in Redis (shared) or in one data file')
  if (redis !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redis))
    throw new UsageError(`--redis takes a redis:// or rediss:// URL, got ${JSON.stringify(redis)}`)
  const backoff = pick(v['delivery-backoff'], 'SANDBOX_DELIVERY_BACKOFF')
  const optionTexts = v['vendor-option'] ?? (env.SANDBOX_VENDOR_OPTIONS ? env.SANDBOX_VENDOR_OPTIONS.split(',') : [])
  const vendorOptions = parseVendorOptions(optionTexts)
  const mountTexts = v['mount-port'] ?? (env.SANDBOX_MOUNT_PORTS ? env.SANDBOX_MOUNT_PORTS.split(',') : [])
  const mountPorts = parseMountPorts(mountTexts, port, vendors)
  return {
    ...(v.help ? { help: true as const } : {}),
    ...(v.version ? { version: true as const } : {}),
    port,
    host,
    mountPorts,
    options: {
      seed: Number(seedText),
      clock,
      vendors,
      logLevel: logLevel as 'silent' | 'info' | 'debug',
      replyCache,
      ...(maxWs !== undefined ? { maxWorkspaces: integer('--max-workspaces', maxWs, 1, 1_000_000) } : {}),
      ...(ttl !== undefined ? { workspaceTtl: integer('--workspace-ttl', ttl, 0, 31_536_000) } : {}),
      ...(journal !== undefined ? { journalSize: integer('--journal-size', journal, 0, 10_000_000) } : {}),
      ...(journalBody !== undefined ? { journalBodyLimit: integer('--journal-body-limit', journalBody, 0, 64 * 1024 * 1024) } : {}),
      ...(adminToken !== undefined ? { adminToken } : {}),
      ...(outboundDeny === 'private' ? { outboundDeny: 'private' as const } : {}),
      ...(dataFile !== undefined ? { dataFile } : {}),
      ...(redis !== undefined ? { redis } : {}),
      ...(optionTexts.length ? { vendorOptions } : {}),
      ...(backoff !== undefined
        ? { deliveryBackoffMs: backoff.split(',').map((ms) => integer('--delivery-backoff', ms.trim(), 0, 600_000)) }
        : {}),
    },
  }
}

/** `zoho.tokenThrottle=0` → `{ zoho: { tokenThrottle: 0 } }`; numbers and true/false are typed. */
function parseVendorOptions(texts: string[]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {}
  const known = allVendors.map((x) => x.id)
  for (const text of texts) {
    const m = /^([a-z0-9-]+)\.([A-Za-z0-9_]+)=(.*)$/.exec(text.trim())
    if (!m || !known.includes(m[1]))
      throw new UsageError(
        `--vendor-option takes <vendor>.<name>=<value> with a vendor of ${known.join(', ')}, got ${JSON.stringify(text)}`,
      )
    const raw = m[3]
    const value = /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw
    out[m[1]] = { ...out[m[1]], [m[2]]: value }
  }
  const problem = vendorOptionProblem(allVendors, out)
  if (problem) throw new UsageError(`--vendor-option: ${problem}`)
  return out
}

/** `okdokument=4011` → that mount at the root of port 4011 (0 = any free port). */
function parseMountPorts(texts: string[], mainPort: number, vendors: string[] | undefined): MountPort[] {
  const out: MountPort[] = []
  const taken = new Set(mainPort === 0 ? [] : [mainPort])
  for (const text of texts) {
    const m = /^([a-z0-9-]+)=(\d+)$/.exec(text.trim())
    const mount = m ? MOUNTS.find((x) => x.name === m[1]) : undefined
    if (!m || !mount)
      throw new UsageError(`--mount-port takes <mount>=<port> with a mount of ${MOUNT_NAMES.join(', ')}, got ${JSON.stringify(text)}`)
    const port = integer('--mount-port port', m[2], 0, 65535)
    if (vendors && !vendors.includes(mount.vendor))
      throw new UsageError(`--mount-port ${mount.name}: its vendor ${mount.vendor} is not in --vendors`)
    if (out.some((x) => x.mount === mount.name)) throw new UsageError(`--mount-port names ${mount.name} twice`)
    if (taken.has(port)) throw new UsageError(`--mount-port ${mount.name}=${port}: port ${port} is already used by another mount or --port`)
    if (port !== 0) taken.add(port)
    out.push({ mount: mount.name, prefix: mount.prefix, port })
  }
  return out
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/

async function main(): Promise<void> {
  let cli
  try {
    cli = parseCli(process.argv.slice(2), process.env)
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`esign-sandbox: ${err.message} (see --help)\n`)
      process.exit(2)
    }
    throw err
  }
  if (cli.help) {
    process.stdout.write(HELP)
    return
  }
  if (cli.version) {
    process.stdout.write(`${VERSION}\n`)
    return
  }
  const rt = createRuntime(allVendors, cli.options, VERSION)
  try {
    await rt.store.load()
  } catch (err) {
    if (err instanceof StorageError) {
      process.stderr.write(`esign-sandbox: ${err.message}\n`)
      process.exit(err.exitCode)
    }
    throw err
  }
  const app = createApp(rt)
  const listen = async (port: number, root?: string) => {
    try {
      return await startServer(rt, app, { port, host: cli.host, overrideGlobals: true, root })
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      process.stderr.write(
        `esign-sandbox: cannot listen on ${cli.host}:${port}: ${e.code === 'EADDRINUSE' ? 'port already in use' : e.message}\n`,
      )
      process.exit(1)
    }
  }
  const server = await listen(cli.port)
  const extra: { mount: string; url: string; close(): Promise<void> }[] = []
  for (const mp of cli.mountPorts) extra.push({ mount: mp.mount, ...(await listen(mp.port, mp.prefix)) })
  if (!LOOPBACK.test(cli.host) && !cli.options.adminToken) {
    process.stderr.write(
      `esign-sandbox: warning: listening on ${cli.host} without --admin-token; anyone who can reach this address can reset, read and change every workspace through /__sandbox\n`,
    )
  }
  const lines = [`esign-sandbox ${VERSION} listening on ${server.url}`]
  const door = { origin: server.url, rooted: false, wsChosen: 'default' as const, workspaceId: 'default' }
  const width = Math.max(...rt.mounts.map((m) => m.vendor.id.length), ...extra.map((x) => x.mount.length))
  for (const m of rt.mounts) lines.push(`  ${m.vendor.id.padEnd(width)}  ${linkBase(door, { prefix: m.prefix })}`)
  for (const x of extra) lines.push(`  ${x.mount.padEnd(width)}  ${x.url}  (mount ${x.mount} at the root of its own port)`)
  process.stdout.write(`${lines.join('\n')}\n`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    rt.log('info', `${signal}: shutting down`)
    // The mount ports first: the main server's close flushes persistence once everything has stopped.
    await Promise.all(extra.map((x) => x.close()))
    await server.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

void main().catch((err: unknown) => {
  process.stderr.write(`esign-sandbox: ${(err as Error).message}\n`)
  process.exit(1)
})
