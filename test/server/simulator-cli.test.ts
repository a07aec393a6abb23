import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Report } from '@shared/scenario'
import { BUILT_IN_SCENARIOS } from '../../src-main/core/simulator'
import { startFaultyScim, type FaultyScim } from '../helpers/faulty-scim'
import { ROOT, startTestSandbox, type TestSandbox } from '../helpers/sandbox'

/**
 * `node bin/scim-sandbox.mjs` as CI runs it (what `npx scim-sandbox` runs): from another folder, against the embedded
 * sandbox and a faulty server; exit codes, the table, the JSON report and a JUnit file that agrees with it.
 */

const BIN = join(ROOT, 'bin/scim-sandbox.mjs')

interface Result {
  code: number | null
  stdout: string
  stderr: string
}

function cli(args: string[], o: { cwd: string; onStdout?: (text: string, kill: (sig: NodeJS.Signals) => void) => void; timeoutMs?: number }): Promise<Result> {
  return new Promise((ok, fail) => {
    const p = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    const timer = setTimeout(() => {
      p.kill('SIGKILL')
      fail(new Error(`scim-sandbox ${args.join(' ')} did not end within ${o.timeoutMs ?? 20_000} ms\n${stdout}\n${stderr}`))
    }, o.timeoutMs ?? 20_000)
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      o.onStdout?.(stdout, (sig) => p.kill(sig))
    })
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    p.on('exit', (code) => {
      clearTimeout(timer)
      ok({ code, stdout, stderr })
    })
  })
}

const junitOf = async (file: string) => {
  const xml = await readFile(file, 'utf8')
  expect(XMLValidator.validate(xml)).toBe(true)
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' }).parse(xml)
  return parsed.testsuites.testsuite as { name: string; tests: string; failures: string; skipped: string; errors: string; testcase: { classname: string; name: string; failure?: { message: string; '#text': string } }[] }
}

let t: TestSandbox
let faulty: FaultyScim
let dir: string
beforeAll(async () => {
  t = await startTestSandbox()
  faulty = await startFaultyScim()
  dir = await mkdtemp(join(tmpdir(), 'scim-cli-'))
})
afterAll(async () => {
  await t.close()
  await faulty.close()
  await rm(dir, { recursive: true, force: true })
})

describe('npx scim-sandbox', () => {
  it('scenarios: the built-in names, one per line', async () => {
    const r = await cli(['scenarios'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split('\n')).toEqual(BUILT_IN_SCENARIOS.map((s) => s.name))
  })

  it('scenarios | head: a reader that closes the pipe early ends the output, not in a crash', async () => {
    const p = spawn(process.execPath, [BIN, 'scenarios'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    p.stdout.destroy() // closed before the CLI writes a line: its first write meets EPIPE
    let stderr = ''
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const code = await new Promise<number | null>((ok) => p.on('exit', ok))
    expect(stderr).toBe('')
    expect(code).toBe(0)
  })

  it('run against the embedded sandbox: exit 0, the table, JSON and JUnit that agree', async () => {
    const json = join(dir, 'out', 'pass.json')
    const junit = join(dir, 'out', 'pass.xml')
    const r = await cli(['run', 'entra-legacy-lifecycle', '--target', `${t.sb.origin}/scim/v2/acme-okta`, '--token', 'tok-acme-okta', '--json', json, '--junit', junit], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const report = JSON.parse(await readFile(json, 'utf8')) as Report
    expect(report.status).toBe('passed')
    expect(JSON.stringify(report)).not.toContain('tok-acme-okta')
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toBe(`SCIM Sandbox — scenario entra-legacy-lifecycle (entra-legacy) against ${t.sb.origin}/scim/v2/acme-okta`)
    expect(lines[1]).toMatch(/^#\s+action\s+outcome\s+step\s+reason$/)
    expect(lines).toHaveLength(2 + report.steps.length + 1)
    expect(lines.at(-1)).toMatch(new RegExp(`^${report.steps.length} passed, 0 failed, 0 warned, 0 skipped \\(${report.summary.requests} requests in [\\d.]+ s\\)$`))
    const suite = await junitOf(junit)
    expect(suite.name).toBe('entra-legacy-lifecycle (entra-legacy)')
    expect(suite.testcase).toHaveLength(report.steps.length)
    expect(Number(suite.tests)).toBe(report.steps.length)
    expect(Number(suite.failures)).toBe(0)
    expect(suite.testcase[0]).toMatchObject({ classname: 'entra-legacy-lifecycle', name: `1 testConnection ${report.steps[0]!.title}` })
  })

  it('run against a faulty server: exit 1; the JUnit counts the same failures as the report', async () => {
    faulty.defects = { rejectPathlessReplace: true }
    // Okta's Test Connection needs one complete user to exist (b.2.12).
    faulty.users.set('seed', { id: 'seed', data: { userName: 'seed@x.test', name: { givenName: 'S', familyName: 'Eed' }, emails: [{ value: 'seed@x.test', primary: true }], active: true }, created: new Date().toISOString(), version: 1 })
    const json = join(dir, 'fail.json')
    const junit = join(dir, 'fail.xml')
    try {
      const r = await cli(['run', 'okta-oin-lifecycle', '--target', faulty.baseUrl, '--token', faulty.token, '--json', json, '--junit', junit, '--concurrency', '2', '--timeout', '5000'], { cwd: dir })
      expect(r.code).toBe(1)
      expect(r.stdout).toMatch(/^5\s+deactivate\s+FAIL\s+.*answered 400/m)
      const report = JSON.parse(await readFile(json, 'utf8')) as Report
      const failed = report.steps.filter((s) => s.outcome === 'fail')
      expect(failed.length).toBeGreaterThan(0)
      expect(r.stdout).toContain(`${report.summary.passed} passed, ${failed.length} failed, ${report.summary.warned} warned, ${report.summary.skipped} skipped`)
      const suite = await junitOf(junit)
      expect(suite.testcase).toHaveLength(report.steps.length)
      expect(Number(suite.failures)).toBe(failed.length)
      const f = suite.testcase.filter((c) => c.failure)
      expect(f).toHaveLength(failed.length)
      expect(f[0]!.failure!.message).toBe(failed[0]!.reason)
      // The text lists each failing check with its source.
      expect(f[0]!.failure!['#text']).toMatch(/source: idp-request-patterns\.md b\.2\.5/)
    } finally {
      faulty.defects = {}
      faulty.users.clear()
    }
  })

  it('an invalid scenario file: exit 2, every error listed with its path', async () => {
    const file = join(dir, 'bad.json')
    await writeFile(file, JSON.stringify({ format: 'scim-sandbox-scenario', version: 1, name: 'Bad Name', title: 'x', profile: 'okta', steps: [{ action: 'provisionUser' }, { action: 'fly' }] }))
    const r = await cli(['run', file, '--target', faulty.baseUrl, '--token', 't'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/scenario file .*bad\.json is invalid \(\d+ errors\)/)
    for (const path of ['name', 'profile', 'steps.0.user', 'steps.1.action']) expect(r.stderr).toMatch(new RegExp(`^  ${path.replace(/\./g, '\\.')}: .+`, 'm'))
  })

  it('usage errors are exit 2 with a pointer to --help; --help is exit 0', async () => {
    const noTarget = await cli(['run', 'okta-oin-lifecycle', '--token', 't'], { cwd: dir })
    expect(noTarget.code).toBe(2)
    expect(noTarget.stderr).toMatch(/--target <SCIM base URL> is required/)
    const badFlag = await cli(['run', 'okta-oin-lifecycle', '--nope'], { cwd: dir })
    expect(badFlag.code).toBe(2)
    expect(badFlag.stderr).toMatch(/See scim-sandbox --help/)
    const unknown = await cli(['run', 'no-such-scenario', '--target', faulty.baseUrl, '--token', 't'], { cwd: dir })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/no scenario "no-such-scenario"/)
    const help = await cli(['--help'], { cwd: dir })
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage:/)
    expect(help.stdout).toMatch(/Exit codes: 0/)
  })

  it('Ctrl-C ends the run cleanly: exit 130 and the partial report is written', async () => {
    faulty.defects = { hang: true }
    const json = join(dir, 'cancel.json')
    const junit = join(dir, 'cancel.xml')
    try {
      let sent = false
      const waitAndInterrupt = setInterval(() => undefined, 1000)
      const r = await cli(['run', 'entra-legacy-lifecycle', '--target', faulty.baseUrl, '--token', faulty.token, '--json', json, '--junit', junit], {
        cwd: dir,
        onStdout: (out, kill) => {
          // Once the header is printed the run has started; the hanging server holds its first request.
          if (!sent && out.includes('reason\n')) {
            sent = true
            const poll = setInterval(() => {
              if (faulty.requests.length > 0) {
                clearInterval(poll)
                kill('SIGINT')
              }
            }, 20)
          }
        },
      })
      clearInterval(waitAndInterrupt)
      expect(r.code).toBe(130)
      expect(r.stderr).toMatch(/stopping/)
      expect(r.stdout).toMatch(/stopped before the end/)
      const report = JSON.parse(await readFile(json, 'utf8')) as Report
      expect(report.status).toBe('cancelled')
      expect(report.steps[0]!.exchanges[0]!.error).toBe('cancelled')
      const suite = await junitOf(junit)
      expect(suite.testcase).toHaveLength(report.steps.length)
    } finally {
      faulty.defects = {}
    }
  })
})
