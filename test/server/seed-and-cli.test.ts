import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseSeed, SeedError } from '../../src-main/server/seed'
import { SandboxStartError, startSandbox } from '../../src-main/server/sandbox'
import { exampleSeed, ROOT, startTestSandbox, TSX } from '../helpers/sandbox'

let dir = ''
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-seed-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Runs the headless server until its banner is out (or it exits), then stops it; bounded to 20 s. */
function serve(args: string[]): Promise<{ out: string; err: string; code: number | null }> {
  return new Promise((ok) => {
    const proc = spawn(process.execPath, ['--import', TSX, join(ROOT, 'src-main/server/headless.ts'), ...args], { cwd: dir, env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.json') }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000)
    proc.stdout.on('data', (d) => {
      out += d
      if (/IAM SCIM/.test(out)) setTimeout(() => proc.kill('SIGTERM'), 200)
    })
    proc.stderr.on('data', (d) => (err += d))
    proc.on('exit', (code) => {
      clearTimeout(timer)
      ok({ out, err, code })
    })
  })
}

describe('seed files', () => {
  it('the example seed of PRODUCT.md §2.1 parses', async () => {
    const seed = await exampleSeed()
    expect(seed.projects[0]!.scim[0]!.bearerToken).toBe('tok-acme-okta')
  })

  it('an unknown field is an error that names it', async () => {
    const json = JSON.parse(await readFile(join(ROOT, 'examples/acme.seed.json'), 'utf8'))
    json.projects[0].scim[0].autoProvison = true
    expect(() => parseSeed(json)).toThrow(SeedError)
    expect(() => parseSeed(json)).toThrow(/projects\.0\.scim\.0: unknown field "autoProvison"/)
  })

  it('a default team that does not exist is refused with its path', () => {
    expect(() => parseSeed({ projects: [{ id: 'p', name: 'P', scim: [{ name: 'x', bearerToken: 'tok-12345678', defaultTeams: ['nope'] }] }] })).toThrow(/projects\.0\.scim\.0\.defaultTeams\.0: no team "nope"/)
  })

  it('ids and secrets are used as given; digests are stored instead of IAM tokens, API keys and client secrets', async () => {
    const t = await startTestSandbox()
    try {
      const file = await readFile(t.sb.dataFile, 'utf8')
      expect(file).toContain('"acme-okta"')
      expect(file).toContain('tok-acme-okta') // a SCIM config's bearer token is configuration the admin copies
      expect(file).not.toContain('tok-iam-tenant-1')
      expect(file).not.toContain('key-owner')
      expect(file).not.toContain('s3cret')
    } finally {
      await t.close()
    }
  })

  it('--seed on an existing workspace is refused; --reset starts it over', async () => {
    const dataFile = join(dir, 'ws.json')
    const seed = await exampleSeed()
    const a = await startSandbox({ port: 0, dataFile, seed })
    await a.close()
    await expect(startSandbox({ port: 0, dataFile, seed })).rejects.toThrow(SandboxStartError)
    const b = await startSandbox({ port: 0, dataFile, seed: await exampleSeed((s) => (s.projects[0].name = 'Acme Reset')), reset: true })
    expect(b.store.get('projects', 'acme')!.name).toBe('Acme Reset')
    await b.close()
  })

  it('--body-limit is what ServiceProviderConfig advertises for Bulk, and what a larger body gets 413 for', async () => {
    const t = await startTestSandbox({ bodyLimit: 4096 })
    try {
      const spc = await t.req('GET', '/scim/v2/acme-okta/ServiceProviderConfig')
      expect(spc.body.bulk.maxPayloadSize).toBe(4096)
      const big = await t.req('POST', '/scim/v2/acme-okta/Users', { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'big@acme.test', title: 'x'.repeat(5000) } })
      expect(big.status).toBe(413)
      expect(big.body.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error'])
    } finally {
      await t.close()
    }
  })

  it('--public-url is what Location and meta.location use', async () => {
    const t = await startTestSandbox({ publicUrl: 'https://sandbox.example.ngrok.app/' })
    try {
      const r = await fetch(`http://127.0.0.1:${t.sb.port}/scim/v2/acme-okta/Users`, {
        method: 'POST',
        headers: { Authorization: 'Bearer tok-acme-okta', 'Content-Type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'pub@acme.test' }),
      })
      const body = await r.json()
      expect(r.headers.get('location')).toBe(`https://sandbox.example.ngrok.app/scim/v2/acme-okta/Users/${body.id}`)
      expect(body.meta.location).toBe(r.headers.get('location'))
    } finally {
      await t.close()
    }
  })
})

describe('headless CLI', () => {
  it('prints the banner: UI URL first, then each SCIM config with base URL and token', async () => {
    const { out, code } = await serve(['--port', '0', '--data', 'ws.json', '--seed', join(ROOT, 'examples/acme.seed.json')])
    const lines = out.trim().split('\n')
    expect(lines[0]).toBe('SCIM Sandbox — workspace ./ws.json')
    expect(lines[1]).toMatch(/^UI\s+http:\/\/127\.0\.0\.1:\d+\/\?secret=\S{16,}$/)
    expect(lines[2]).toMatch(/^Project SCIM\s+Acme \/ Okta\s+http:\/\/127\.0\.0\.1:\d+\/scim\/v2\/acme-okta\s+token tok-acme-okta$/)
    expect(lines[3]).toMatch(/^Status Page SCIM\s+Acme Status \/ Entra\s+http:\/\/127\.0\.0\.1:\d+\/status-page-scim\/v2\/acme-status-entra\s+token tok-acme-status$/)
    expect(lines[4]).toMatch(/^IAM SCIM\s+Demo tenant\s+http:\/\/127\.0\.0\.1:\d+\/iam\/scim\/v2\/tenant-1$/)
    expect(lines).toHaveLength(5) // a seed's own secrets are not printed back
    expect(code).toBe(0)
  })

  it('a first start without --seed makes the demo workspace and prints its new secrets once', async () => {
    const first = await serve(['--port', '0', '--data', 'demo.json'])
    expect(first.out).toMatch(/Project SCIM\s+Acme \/ Okta\s+\S+\s+token tok-\S+/)
    expect(first.out).toMatch(/IAM SCIM token\s+tenant-1 \/ idp: tok-iam-\S+/)
    expect(first.out).toMatch(/API key\s+acme \/ owner: key-\S+/)
    expect(first.out).toMatch(/OAuth client\s+admin-cli: sec-\S+/)
    expect(first.out).not.toContain('tok-acme-okta') // random secrets, not the example ones
    const second = await serve(['--port', '0', '--data', 'demo.json'])
    expect(second.out).not.toMatch(/IAM SCIM token/)
  })

  it('refuses a bad flag, a bad seed, or a seed for an existing workspace, with a message and exit code 2', async () => {
    const bad = await serve(['--port', 'abc'])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/--port must be an integer/)
    await writeFile(join(dir, 'bad.seed.json'), JSON.stringify({ projects: [{ id: 'p', name: 'P', colour: 'red' }] }))
    const badSeed = await serve(['--port', '0', '--data', 'x.json', '--seed', 'bad.seed.json'])
    expect(badSeed.code).toBe(2)
    expect(badSeed.err).toMatch(/unknown field "colour"/)
    await serve(['--port', '0', '--data', 'y.json', '--seed', join(ROOT, 'examples/acme.seed.json')])
    const again = await serve(['--port', '0', '--data', 'y.json', '--seed', join(ROOT, 'examples/acme.seed.json')])
    expect(again.code).toBe(2)
    expect(again.err).toMatch(/already exists.*--reset/)
  })
})
