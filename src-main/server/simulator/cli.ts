import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { profileIdSchema, type ProfileId, type Report, type RunEvent, type Scenario, type StepResult } from '@shared/scenario'
import { builtInScenarios, parseScenarioDoc, profileInfoList } from './core'
import { toJUnit } from './junit'
import { createRun } from './run-factory'
import { loadScenarios, scenariosDir } from './scenario-store'
import { urlTarget } from './target'

/**
 * `npx scim-sandbox …`: the IdP simulator from a terminal or CI (PRODUCT.md §2), against any SCIM server. It uses the
 * same runner, reports and JUnit as the app, and never starts the sandbox or Electron. Exit codes: 0 every step held
 * (warnings and skipped steps included), 1 a step failed, 2 a usage or validation error, 130 stopped by Ctrl-C.
 */

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const

export interface CliIO {
  out(s: string): void
  err(s: string): void
  /** Ctrl-C: called with the handler to run on the first one. */
  onInterrupt(fn: () => void): () => void
}

const nodeIO: CliIO = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  onInterrupt(fn) {
    let count = 0
    const h = () => {
      // A second Ctrl-C means "now": no partial report.
      if (++count > 1) process.exit(EXIT.interrupted)
      fn()
    }
    process.on('SIGINT', h)
    process.on('SIGTERM', h)
    return () => {
      process.off('SIGINT', h)
      process.off('SIGTERM', h)
    }
  },
}

export const USAGE = `Usage:
  scim-sandbox scenarios [--data <workspace.json>]
      The built-in scenario names, one per line (with --data, then the workspace's saved ones).
  scim-sandbox profiles
      The IdP profiles: id, name, timeout, whether they honour Retry-After.
  scim-sandbox run <scenario name | file.json> --target <SCIM base URL> --token <bearer token>
                   [--profile <id>] [--junit <file>] [--json <file>] [--concurrency N] [--timeout ms]
                   [--rate N] [--data <workspace.json>]
      Runs one scenario against any SCIM server and prints a table of its steps.
      --profile      entra-legacy | entra-flag | okta-oin | okta-aiw | rfc7644 (default: the scenario's own)
      --junit        write JUnit XML (one testcase per step) for CI test reports
      --json         write the whole report (every request and answer, Authorization redacted)
      --concurrency  requests in flight at once during initialSync (1-64, default 4)
      --timeout      per-request timeout in ms (default: the profile's, e.g. 60000 for Okta)
      --rate         at most N requests per second (default: no limit)
      --data         a sandbox workspace file, whose saved scenarios (<file>.scenarios/) can then be named

Exit codes: 0 every step passed (or only warned or was skipped), 1 a step failed, 2 usage or invalid scenario,
130 interrupted (Ctrl-C; the partial report is still written).
`

class UsageError extends Error {}

async function savedScenarios(dataFile: string | undefined, io: CliIO): Promise<Map<string, Scenario>> {
  if (!dataFile) return new Map()
  const { scenarios, warnings } = await loadScenarios(scenariosDir(resolve(dataFile)), parseScenarioDoc)
  for (const w of warnings) io.err(`warning: ${w}\n`)
  return scenarios
}

/** A name, or a path to a scenario file (anything ending in .json or containing a slash). */
async function resolveScenario(arg: string, dataFile: string | undefined, io: CliIO): Promise<Scenario> {
  if (arg.endsWith('.json') || arg.includes('/') || arg.includes('\\')) {
    let text: string
    try {
      text = await readFile(arg, 'utf8')
    } catch (e) {
      throw new UsageError(`cannot read scenario file ${arg}: ${(e as Error).message}`)
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (e) {
      throw new UsageError(`scenario file ${arg} is not JSON: ${(e as Error).message}`)
    }
    const r = parseScenarioDoc(json)
    if (!r.ok) throw new UsageError(`scenario file ${arg} is invalid (${r.issues.length} error${r.issues.length > 1 ? 's' : ''}):\n${r.issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`)
    return r.scenario
  }
  const builtIn = builtInScenarios().find((s) => s.name === arg)
  if (builtIn) return builtIn
  const saved = (await savedScenarios(dataFile, io)).get(arg)
  if (saved) return saved
  throw new UsageError(`no scenario "${arg}". Built-in: ${builtInScenarios().map((s) => s.name).join(', ')}${dataFile ? '' : ' (saved ones need --data <workspace.json>)'}`)
}

function intOption(v: string | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got "${v}")`)
  return n
}

// ——— the table ———

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n))
const COLS = { index: 3, action: 15, outcome: 8, title: 34 }

export function tableHeader(): string {
  return `${pad('#', COLS.index)} ${pad('action', COLS.action)} ${pad('outcome', COLS.outcome)} ${pad('step', COLS.title)} reason\n`
}

export function tableRow(s: StepResult): string {
  const outcome = s.outcome === 'pass' ? 'pass' : s.outcome === 'fail' ? 'FAIL' : s.outcome === 'warn' ? 'warn' : 'skipped'
  // A pass says its request count in its reason already; a failure's reason is about one request.
  const requests = s.outcome !== 'pass' && s.exchangeCount > 1 ? ` [${s.exchangeCount} requests]` : ''
  return `${pad(String(s.index + 1), COLS.index)} ${pad(s.action, COLS.action)} ${pad(outcome, COLS.outcome)} ${pad(s.title, COLS.title)} ${s.reason}${requests}\n`
}

export function summaryLine(r: Report): string {
  const s = r.summary
  const secs = r.finishedAt ? ` in ${((Date.parse(r.finishedAt) - Date.parse(r.startedAt)) / 1000).toFixed(1)} s` : ''
  const stopped = r.status === 'cancelled' ? ' — stopped before the end' : ''
  return `${s.passed} passed, ${s.failed} failed, ${s.warned} warned, ${s.skipped} skipped (${s.requests} request${s.requests === 1 ? '' : 's'}${secs})${stopped}\n`
}

async function writeOut(file: string, text: string): Promise<void> {
  const path = resolve(file)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, text)
}

async function cmdRun(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      target: { type: 'string' },
      token: { type: 'string' },
      profile: { type: 'string' },
      junit: { type: 'string' },
      json: { type: 'string' },
      concurrency: { type: 'string' },
      timeout: { type: 'string' },
      rate: { type: 'string' },
      data: { type: 'string' },
    },
  })
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one scenario at a time (got ${positionals.join(', ')})` : 'which scenario? scim-sandbox run <name or file.json> …')
  if (!values.target) throw new UsageError('--target <SCIM base URL> is required (e.g. http://127.0.0.1:7643/scim/v2/acme-okta)')
  let url: URL
  try {
    url = new URL(values.target)
  } catch {
    throw new UsageError(`--target "${values.target}" is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--target must be an http(s) URL (got ${url.protocol})`)
  if (!values.token) throw new UsageError('--token <bearer token> is required')
  let profileId: ProfileId | undefined
  if (values.profile !== undefined) {
    const p = profileIdSchema.safeParse(values.profile)
    if (!p.success) throw new UsageError(`--profile must be one of ${profileIdSchema.options.join(', ')} (got "${values.profile}")`)
    profileId = p.data
  }
  const concurrency = intOption(values.concurrency, 'concurrency', 1, 64) ?? 4
  const timeoutMs = intOption(values.timeout, 'timeout', 100, 300_000)
  const ratePerSecond = intOption(values.rate, 'rate', 0, 10_000) ?? 0
  const scenario = await resolveScenario(positionals[0]!, values.data, io)

  const profile = profileId ?? scenario.profile
  const target = urlTarget(values.target, values.token)
  io.out(`SCIM Sandbox — scenario ${scenario.name} (${profile}) against ${target.baseUrl}\n`)
  io.out(tableHeader())
  const run = createRun({
    runId: `cli-${Date.now().toString(36)}`,
    scenario,
    profileId: profile,
    target,
    request: { mode: 'run', concurrency, ratePerSecond, timeoutMs },
    emit: (e: RunEvent) => {
      if (e.type === 'step') io.out(tableRow(e.step))
    },
  })
  const offInterrupt = io.onInterrupt(() => {
    io.err('\nstopping: the request in flight is cancelled, the partial report is written…\n')
    void run.stop()
  })
  run.start()
  const report = await run.done
  offInterrupt()
  io.out(summaryLine(report))
  if (values.json) await writeOut(values.json, `${JSON.stringify(report, null, 2)}\n`)
  if (values.junit) await writeOut(values.junit, toJUnit(report))
  return report.status === 'cancelled' ? EXIT.interrupted : report.status === 'passed' ? EXIT.ok : EXIT.failed
}

async function cmdScenarios(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, strict: true, options: { data: { type: 'string' } } })
  for (const s of builtInScenarios()) io.out(`${s.name}\n`)
  for (const name of [...(await savedScenarios(values.data, io)).keys()].sort()) io.out(`${name}\n`)
  return EXIT.ok
}

function cmdProfiles(io: CliIO): number {
  for (const p of profileInfoList()) io.out(`${p.id.padEnd(13)} ${p.name.padEnd(38)} timeout ${p.timeoutMs} ms, Retry-After ${p.honoursRetryAfter ? 'honoured' : 'not honoured'}\n`)
  return EXIT.ok
}

/** Runs the CLI; returns the exit code (never throws). */
export async function main(argv: string[], io: CliIO = nodeIO): Promise<number> {
  const [cmd, ...rest] = argv
  try {
    if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
      io.out(USAGE)
      return cmd ? EXIT.ok : EXIT.usage
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(USAGE)
      return EXIT.ok
    }
    if (cmd === 'scenarios') return await cmdScenarios(rest, io)
    if (cmd === 'profiles') return cmdProfiles(io)
    if (cmd === 'run') return await cmdRun(rest, io)
    throw new UsageError(`unknown command "${cmd}"`)
  } catch (e) {
    // parseArgs' own errors (an unknown flag, a missing value) are usage errors too.
    const usage = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    io.err(`scim-sandbox: ${(e as Error).message}\n${usage ? 'See scim-sandbox --help.\n' : ''}`)
    return usage ? EXIT.usage : EXIT.failed
  }
}
