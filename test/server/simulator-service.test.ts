import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logQuerySchema } from '@shared/log'
import { scenarioSchema, type Report, type RunEvent, type ScenarioInput } from '@shared/scenario'
import type { SandboxNotice } from '../../src-main/server/hub'
import { startSandbox } from '../../src-main/server/sandbox'
import { startFaultyScim, type FaultyScim } from '../helpers/faulty-scim'
import { exampleSeed, startTestSandbox, type TestSandbox } from '../helpers/sandbox'

/**
 * The simulator as the sandbox serves it: step mode over the control API (the request shown before it goes, the
 * directory changes each request caused), stop with a partial report, requests marked in the request log with their
 * run, run events on the hub, saved scenarios on disk, and close() cancelling what still runs.
 */

let t: TestSandbox
let faulty: FaultyScim
beforeAll(async () => {
  t = await startTestSandbox()
  faulty = await startFaultyScim()
})
afterAll(async () => {
  await t.close()
  await faulty.close()
})

const doc = (over: Partial<ScenarioInput> = {}): ScenarioInput => ({
  format: 'scim-sandbox-scenario',
  version: 1,
  name: 'step-demo',
  title: 'Step demo',
  profile: 'okta-oin',
  domain: 'step.example.test',
  users: { ana: { givenName: 'Ana', familyName: 'Lima' } },
  steps: [
    { action: 'provisionUser', user: 'ana', expect: { directory: { user: 'ana', inTeams: ['Engineering'] } } },
    { action: 'deactivate', user: 'ana' },
  ],
  ...over,
})

async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 5_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

const waiting = (id: string) => waitFor(async () => {
  const r = await t.control('GET', `/runs/${id}`)
  return r.body.status === 'waiting' ? (r.body as Report) : undefined
})

describe('step mode over the control API', () => {
  it('against any URL: the pending request is shown before anything is sent; step sends it; stop leaves a partial report', async () => {
    faulty.requests.length = 0
    const started = await t.control('POST', '/runs', { body: { scenario: doc(), target: { kind: 'url', baseUrl: faulty.baseUrl, token: faulty.token }, mode: 'step' } })
    expect(started.status).toBe(201)
    const id = started.body.runId as string
    const first = await waiting(id)
    expect(first.pending).toMatchObject({ stepIndex: 0, method: 'GET', url: `${faulty.baseUrl}/Users?filter=userName%20eq%20%22ana.lima.ana%40step.example.test%22&startIndex=1&count=100` })
    expect(first.pending!.headers.Authorization).toBe('Bearer tok…')
    expect(first.pending!.headers['User-Agent']).toBe('Okta SCIM Client 1.0.0')
    expect(faulty.requests).toHaveLength(0)

    const second = await t.control('POST', `/runs/${id}/step`)
    expect(second.status).toBe(200)
    expect(faulty.requests).toHaveLength(1)
    expect(second.body.status).toBe('waiting')
    expect(second.body.pending).toMatchObject({ stepIndex: 0, method: 'POST', url: `${faulty.baseUrl}/Users` })
    expect(second.body.steps[0].exchanges).toHaveLength(1)
    expect(second.body.steps[0].exchanges[0]).toMatchObject({ seq: 1, response: { status: 200 }, directoryChanges: [] })

    const stopped = await t.control('POST', `/runs/${id}/stop`)
    expect(stopped.body.status).toBe('cancelled')
    expect(stopped.body.pending).toBeNull()
    expect(stopped.body.steps).toHaveLength(1)
    expect(stopped.body.steps[0]).toMatchObject({ outcome: 'skipped', exchangeCount: 1 })
    expect(faulty.requests).toHaveLength(1)
    // Not waiting any more: another step is refused.
    expect((await t.control('POST', `/runs/${id}/step`)).status).toBe(409)
  })

  it('against the embedded sandbox: each exchange carries the directory changes it caused', async () => {
    const events: RunEvent[] = []
    const off = t.sb.simulator.subscribe((e) => events.push(e))
    const started = await t.control('POST', '/runs', { body: { scenario: doc({ name: 'step-embedded' }), target: { kind: 'embedded', configId: 'acme-okta' }, mode: 'step' } })
    const id = started.body.runId as string
    await waiting(id)
    const afterGet = (await t.control('POST', `/runs/${id}/step`)).body as Report
    expect(afterGet.steps[0]!.exchanges[0]!.directoryChanges).toEqual([])
    const afterPost = (await t.control('POST', `/runs/${id}/step`)).body as Report
    const post = afterPost.steps[0]!.exchanges[1]!
    expect(post.request.method).toBe('POST')
    expect(post.response?.status).toBe(201)
    expect(post.directoryChanges.map((c) => c.type)).toEqual(expect.arrayContaining(['account.created', 'team.member.added', 'scim.user.created']))
    expect(post.directoryChanges.find((c) => c.type === 'team.member.added')!.message).toMatch(/Engineering/)
    // The step is done (its directory assertion held); the deactivation is next.
    expect(afterPost.steps[0]).toMatchObject({ outcome: 'pass', assertions: [expect.objectContaining({ outcome: 'pass' })] })
    expect(afterPost.steps[0]!.directoryChanges.length).toBe(post.directoryChanges.length)
    expect(afterPost.pending).toMatchObject({ stepIndex: 1, method: 'PATCH' })

    const last = (await t.control('POST', `/runs/${id}/step`)).body as Report
    expect(last.status).toBe('passed')
    expect(last.steps[1]!.exchanges[0]!.directoryChanges.map((c) => c.type)).toEqual(expect.arrayContaining(['scim.user.deactivated', 'team.member.removed']))
    off()
    const mine = events.filter((e) => e.runId === id).map((e) => e.type)
    expect(mine[0]).toBe('started')
    expect(mine.at(-1)).toBe('finished')
    expect(mine.filter((e) => e === 'pending')).toHaveLength(3)
    expect(mine.filter((e) => e === 'exchange')).toHaveLength(3)
    expect(mine.filter((e) => e === 'step')).toHaveLength(2)
  })
})

describe('the request log and the live stream', () => {
  it('marks an embedded run\'s requests with source simulator and the run id; others have none', async () => {
    const notices: SandboxNotice[] = []
    const off = t.sb.subscribe((n) => notices.push(n))
    await t.req('GET', '/scim/v2/acme-okta/Users?count=1')
    const started = await t.control('POST', '/runs', { body: { scenario: 'okta-oin-test-connection', target: { kind: 'embedded', configId: 'acme-okta' } } })
    const id = started.body.runId as string
    const report = await waitFor(async () => {
      const r = (await t.control('GET', `/runs/${id}`)).body as Report
      return r.finishedAt ? r : undefined
    })
    off()
    const mine = t.sb.log.page(logQuerySchema.parse({ source: 'simulator', limit: 1000 })).entries.filter((e) => e.runId === id)
    expect(mine).toHaveLength(report.summary.requests)
    expect(mine.every((e) => e.source === 'simulator' && e.configId === 'acme-okta')).toBe(true)
    const full = t.sb.log.get(mine[0]!.seq)!
    expect(full.requestHeaders['x-scim-sandbox-run']).toBe(id)
    expect(full.requestHeaders.authorization).not.toContain('tok-acme-okta')
    const external = t.sb.log.page(logQuerySchema.parse({ source: 'external', limit: 10 })).entries
    expect(external.length).toBeGreaterThan(0)
    expect(external.every((e) => e.runId === null)).toBe(true)
    // Run events reach the hub, which the /stream sends as `run`.
    const runNotices = notices.filter((n): n is Extract<SandboxNotice, { type: 'run' }> => n.type === 'run' && n.event.runId === id)
    expect(runNotices.map((n) => n.event.type)).toContain('finished')
  })

  it('a client cannot pose as a run: X-Scim-Sandbox-Run without source simulator is ignored', async () => {
    await t.req('GET', '/scim/v2/acme-okta/Users?count=2', { headers: { 'X-Scim-Sandbox-Run': 'run-fake' } })
    const e = t.sb.log.page(logQuerySchema.parse({ limit: 1 })).entries[0]!
    expect(e.query).toBe('count=2')
    expect(e.runId).toBeNull()
  })
})

describe('runs, reports and JUnit', () => {
  it('lists runs newest first without exchanges; report.json and junit.xml download', async () => {
    const list = (await t.control('GET', '/runs')).body as Report[]
    expect(list.length).toBeGreaterThanOrEqual(3)
    expect(list.every((r) => r.steps.every((s) => s.exchanges.length === 0))).toBe(true)
    expect(Date.parse(list[0]!.startedAt)).toBeGreaterThanOrEqual(Date.parse(list.at(-1)!.startedAt))
    const id = list[0]!.runId
    const xml = await t.control('GET', `/runs/${id}/junit.xml`)
    expect(xml.status).toBe(200)
    expect(xml.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/)
    expect(xml.text).toContain(`<property name="runId" value="${id}"/>`)
    // A status-page config is reached at its own mount, with its own token.
    const sp = await t.control('POST', '/runs', { body: { scenario: doc({ name: 'sp-joiner', steps: [{ action: 'provisionUser', user: 'ana', expect: { status: 201, directory: { user: 'ana', accountExists: true } } }] }), target: { kind: 'embedded', configId: 'acme-status-entra' } } })
    expect(sp.body.target).toEqual({ kind: 'embedded', baseUrl: `${t.sb.localOrigin}/status-page-scim/v2/acme-status-entra`, configId: 'acme-status-entra' })
    const spDone = await waitFor(async () => {
      const r = (await t.control('GET', `/runs/${sp.body.runId}`)).body as Report
      return r.finishedAt ? r : undefined
    })
    expect(spDone.status).toBe('passed')
    expect(spDone.steps[0]!.directoryChanges.map((c) => c.type)).toContain('privateUser.created')
    expect((await t.control('GET', '/runs/run-nope')).status).toBe(404)
    expect((await t.control('POST', '/runs', { body: { scenario: 'no-such', target: { kind: 'embedded', configId: 'acme-okta' } } })).status).toBe(404)
    expect((await t.control('POST', '/runs', { body: { scenario: 'okta-oin-lifecycle', target: { kind: 'embedded', configId: 'nope' } } })).status).toBe(404)
  })
})

describe('saved scenarios and close()', () => {
  it('are files beside the workspace, validated on save and on load; a broken one is skipped with a warning', async () => {
    const sim = t.sb.simulator
    const saved = await sim.saveScenario(scenarioSchema.parse(doc({ name: 'my-joiner' })))
    expect(saved.name).toBe('my-joiner')
    const dir = `${t.sb.dataFile}.scenarios`
    expect(JSON.parse(await readFile(join(dir, 'my-joiner.json'), 'utf8'))).toMatchObject({ name: 'my-joiner', steps: [{ action: 'provisionUser' }, { action: 'deactivate' }] })
    expect(sim.scenarios().at(-1)).toMatchObject({ name: 'my-joiner', builtIn: false, steps: 2 })
    await expect(sim.saveScenario(scenarioSchema.parse(doc({ name: 'okta-oin-lifecycle' })))).rejects.toMatchObject({ status: 409 })
    await expect(sim.deleteScenario('okta-oin-lifecycle')).rejects.toMatchObject({ status: 409 })

    // A second sandbox on a copy of the folder: the good file loads, the broken ones are warnings.
    const other = join(t.dir, 'other.json')
    await mkdir(`${other}.scenarios`, { recursive: true })
    await writeFile(`${other}.scenarios/my-joiner.json`, await readFile(join(dir, 'my-joiner.json')))
    await writeFile(`${other}.scenarios/broken.json`, '{ not json')
    await writeFile(`${other}.scenarios/bad-step.json`, JSON.stringify({ ...doc({ name: 'bad-step' }), steps: [{ action: 'fly' }] }))
    const sb2 = await startSandbox({ port: 0, dataFile: other, seed: await exampleSeed() })
    try {
      expect(sb2.simulator.scenario('my-joiner')?.steps).toHaveLength(2)
      expect(sb2.simulator.scenario('bad-step')).toBeUndefined()
      expect(sb2.warnings.join('\n')).toMatch(/broken\.json skipped: not JSON/)
      expect(sb2.warnings.join('\n')).toMatch(/bad-step\.json skipped: steps\.0\.action: /)

      // close() cancels a run that is still going (a server that never answers) and leaves its partial report.
      faulty.defects = { hang: true }
      const r = sb2.simulator.start({ scenario: 'okta-oin-test-connection', target: { kind: 'url', baseUrl: faulty.baseUrl, token: faulty.token }, mode: 'run', concurrency: 4, ratePerSecond: 0 })
      await waitFor(() => (faulty.requests.length > 0 ? true : undefined))
      await sb2.close()
      expect(sb2.simulator.run(r.runId)?.status).toBe('cancelled')
    } finally {
      faulty.defects = {}
      await sb2.close()
    }

    expect(await sim.deleteScenario('my-joiner')).toBe(true)
    expect(await sim.deleteScenario('my-joiner')).toBe(false)
    expect(sim.scenario('my-joiner')).toBeUndefined()
  })
})
