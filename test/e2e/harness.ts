import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { ROOT } from '../helpers/sandbox'

/** Where e2e screenshots go (ignored by git). */
export const SHOT_DIR = join(ROOT, 'test-output', 'screenshots')

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/**
 * Without a browser the e2e tests are skipped with one line that says how to get one, except where
 * E2E_REQUIRED=1 (.ci/run sets it after installing Chromium): there a missing browser fails the run.
 */
export function e2eAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true
  const how = `Chromium not found at ${CHROMIUM}: install it with \`sudo apt-get install -y chromium\` (Debian/Ubuntu) or set CHROMIUM_PATH`
  if (process.env.E2E_REQUIRED === '1') throw new Error(`E2E_REQUIRED=1 but ${how}`)
  console.log(`e2e skipped: ${how}`)
  return false
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    // Flags from STACK.md: root in a container needs --no-sandbox; the rest stop Chromium calling out to a closed network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
}

export interface Served {
  uiUrl: string
  origin: string
  dir: string
  banner: string
  stop(): Promise<void>
}

/**
 * `npm run serve` as a user runs it (bin/serve.mjs: build, then the headless server), on port 0 with a workspace in a
 * temp folder; resolves once the banner has printed the UI address.
 */
export async function startServe(args: string[] = []): Promise<Served> {
  const dir = await mkdtemp(join(tmpdir(), 'scim-sandbox-e2e-'))
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/serve.mjs'), '--port', '0', '--data', join(dir, 'ws.json'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const uiUrl = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no banner within 60 s:\n${out}`)), 60_000)
    const onData = (d: Buffer) => {
      out += d.toString()
      const m = /^UI\s+(http\S+)/m.exec(out)
      if (m) {
        clearTimeout(timer)
        ok(m[1]!)
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`serve exited with ${code} before its banner:\n${out}`))
    })
  })
  return {
    uiUrl,
    origin: new URL(uiUrl).origin,
    dir,
    get banner() {
      return out
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((ok) => child.once('exit', ok))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((ok) => setTimeout(ok, 5_000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export async function shotDir(): Promise<string> {
  await mkdir(SHOT_DIR, { recursive: true })
  return SHOT_DIR
}
