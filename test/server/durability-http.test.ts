import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startSandbox } from '../../src-main/server/sandbox'
import { ROOT, TSX } from '../helpers/sandbox'

/**
 * Durability end to end: a child server under load is killed with SIGKILL; every POST it had acknowledged (201)
 * must be there after a restart, and the workspace file must parse. Compaction is made frequent so the kill can
 * land during one.
 */
let child: ChildProcess | undefined
let dir = ''
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  if (dir) await rm(dir, { recursive: true, force: true })
})

function startChild(dataFile: string): Promise<{ proc: ChildProcess; origin: string }> {
  return new Promise((ok, fail) => {
    const proc = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src-main/server/headless.ts'), '--port', '0', '--data', dataFile, '--seed', join(ROOT, 'examples/acme.seed.json')], {
      cwd: ROOT,
      env: { ...process.env, SCIM_SANDBOX_COMPACT_EVERY: '50' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    const timer = setTimeout(() => fail(new Error(`server did not start in 20 s:\n${out}\n${err}`)), 20_000)
    proc.stdout!.on('data', (d) => {
      out += d
      const m = /UI\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(out)
      if (m) {
        clearTimeout(timer)
        ok({ proc, origin: m[1]! })
      }
    })
    proc.stderr!.on('data', (d) => (err += d))
    proc.on('exit', (code) => fail(new Error(`server exited (${code}) before starting:\n${out}\n${err}`)))
  })
}

describe('durability over HTTP', () => {
  it('SIGKILL mid-load loses no acknowledged write and leaves a readable workspace', async () => {
    dir = await mkdtemp(join(tmpdir(), 'scim-durability-'))
    const dataFile = join(dir, 'ws.json')
    const { proc, origin } = await startChild(dataFile)
    child = proc
    const acked: string[] = []
    let stop = false
    let n = 0
    const worker = async () => {
      // Bounded: each worker stops on the kill, on an error, or after 400 requests.
      for (let i = 0; i < 400 && !stop; i++) {
        const email = `load${n++}@acme.test`
        try {
          const r = await fetch(`${origin}/scim/v2/acme-okta/Users`, {
            method: 'POST',
            headers: { Authorization: 'Bearer tok-acme-okta', 'Content-Type': 'application/scim+json' },
            body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: email, active: true }),
          })
          await r.arrayBuffer()
          if (r.status === 201) acked.push(email)
        } catch {
          return
        }
      }
    }
    const load = Promise.all(Array.from({ length: 8 }, worker))
    // Kill once a few hundred writes are acknowledged (or the load ends by itself).
    for (let i = 0; i < 400 && acked.length < 300; i++) await new Promise((r) => setTimeout(r, 25))
    proc.kill('SIGKILL')
    stop = true
    await load
    await new Promise((r) => proc.once('exit', r).unref?.() ?? setTimeout(r, 100))
    expect(acked.length).toBeGreaterThan(50)

    JSON.parse(await readFile(dataFile, 'utf8')) // the snapshot file parses
    const sb = await startSandbox({ port: 0, dataFile })
    try {
      const names = new Set([...sb.store.all('scimUsers')].map((u) => String(u.data.userName)))
      const lost = acked.filter((e) => !names.has(e))
      expect(lost).toEqual([])
      // ...and every acknowledged user got its default team
      const eng = new Set(sb.store.find('teamMembers', 'team', 'eng').map((m) => sb.store.get('accounts', m.userId)!.email))
      expect(acked.filter((e) => !eng.has(e))).toEqual([])
    } finally {
      await sb.close()
    }
  })
})
