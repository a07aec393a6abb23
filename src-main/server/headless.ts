import { parseArgs } from 'node:util'
import { relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { existsSync } from 'node:fs'
import { banner } from './banner'
import { readSeedFile, SeedError } from './seed'
import { DEFAULT_PORT, SandboxStartError, startSandbox, type SandboxOptions } from './sandbox'
import { WorkspaceFileError } from './storage'

const USAGE = `Usage: npm run serve -- [options]
  --port <n>          port to listen on (default ${DEFAULT_PORT}; 0 = any free port)
  --host <addr>       address to listen on (default 127.0.0.1, loopback only)
  --data <file>       workspace file (default ./scim-sandbox.json)
  --seed <file>       seed a new workspace from this file
  --reset             start the workspace over (from --seed, or the demo seed)
  --public-url <url>  the URL an IdP reaches the sandbox by (a tunnel); used in Location and meta.location
  --log-capacity <n>  request log entries kept (default 20000, at most 200000)
  --body-limit <n>    largest request body in bytes (default 1048576)`

export function parseCli(argv: string[]): SandboxOptions & { seedFile?: string; help?: boolean } {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      seed: { type: 'string' },
      reset: { type: 'boolean' },
      'public-url': { type: 'string' },
      'log-capacity': { type: 'string' },
      'body-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const int = (name: string, v: string | undefined, min: number, max: number) => {
    if (v === undefined) return undefined
    const n = Number(v)
    if (!Number.isInteger(n) || n < min || n > max) throw new SandboxStartError(`--${name} must be an integer from ${min} to ${max}, got "${v}"`)
    return n
  }
  if (values['public-url'] !== undefined && !/^https?:\/\/[^/]+/i.test(values['public-url'])) {
    throw new SandboxStartError(`--public-url must be an http(s) URL, got "${values['public-url']}"`)
  }
  return {
    help: values.help,
    port: int('port', values.port, 0, 65535) ?? DEFAULT_PORT,
    host: values.host,
    dataFile: values.data ?? 'scim-sandbox.json',
    seedFile: values.seed,
    reset: values.reset,
    publicUrl: values['public-url'],
    logCapacity: int('log-capacity', values['log-capacity'], 100, 200_000),
    bodyLimit: int('body-limit', values['body-limit'], 1024, 100 * 1024 * 1024),
  }
}

/** The headless server: `npm run serve`, and `npm start` where Electron cannot run. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  try {
    const opts = parseCli(argv)
    if (opts.help) {
      console.log(USAGE)
      return
    }
    const seed = opts.seedFile ? await readSeedFile(opts.seedFile) : undefined
    const here = fileURLToPath(new URL('.', import.meta.url))
    const rendererDir = [resolve(here, '../renderer'), resolve(here, '../../out/renderer')].find((d) => existsSync(d))
    // Tests make compaction frequent so a crash can land during one.
    const compactEvery = Number(process.env.SCIM_SANDBOX_COMPACT_EVERY) || undefined
    const sb = await startSandbox({ ...opts, seed, rendererDir, storage: compactEvery ? { compactEveryRecords: compactEvery } : undefined })
    const label = relative(process.cwd(), sb.dataFile)
    console.log(banner(sb, label.startsWith('..') ? sb.dataFile : `./${label}`))
    let stopping = false
    const stop = async () => {
      if (stopping) return
      stopping = true
      await sb.close()
      process.exit(0)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  } catch (e) {
    if (e instanceof SandboxStartError || e instanceof SeedError || e instanceof WorkspaceFileError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`scim-sandbox: ${(e as Error).message}`)
      if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) console.error(USAGE)
      process.exit(2)
    }
    throw e
  }
}

const isEntry = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isEntry || process.env.SCIM_SANDBOX_HEADLESS === '1') void main()
