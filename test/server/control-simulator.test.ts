import { XMLParser } from 'fast-xml-parser'
import { afterEach, describe, expect, it } from 'vitest'
import { profileInfoSchema, reportSchema, runEventSchema, scenarioSchema, scenarioSummarySchema, SCENARIO_FORMAT, type Report } from '@shared/scenario'
import { ControlApiError, httpClient } from '../../src-renderer/src/api/client'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { URN } from '../helpers/scim'

/**
 * The simulator's control routes (src-shared/scenario.ts, end) over real HTTP, against the real SimulatorService that
 * startSandbox wires in: validation with every issue, the service's errors as statuses, runs to the end against the
 * embedded acme-okta config, step mode, stop, and the downloads.
 */
let t: TestSandbox | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const EMBEDDED = { kind: 'embedded', configId: 'acme-okta' } as const
const TERMINAL = ['passed', 'failed', 'cancelled']

const myScenario = (over: Record<string, unknown> = {}) => ({
  format: SCENARIO_FORMAT,
  version: 1,
  name: 'my-joiner',
  title: 'My joiner',
  profile: 'okta-oin',
  users: { u1: { userName: 'joiner@acme.test' } },
  steps: [{ action: 'provisionUser', user: 'u1' }],
  ...over,
})

async function until(s: TestSandbox, id: string, done: (r: Report) => boolean, timeoutMs = 15_000): Promise<Report> {
  const t0 = Date.now()
  for (;;) {
    const r = await s.control('GET', `/runs/${id}`)
    expect(r.status).toBe(200)
    if (done(r.body)) return reportSchema.parse(r.body)
    if (Date.now() - t0 > timeoutMs) throw new Error(`run ${id} is still ${r.body.status} after ${timeoutMs} ms`)
    await new Promise((ok) => setTimeout(ok, 50))
  }
}
const paths = (body: { issues?: { path: (string | number)[] }[] }) => (body.issues ?? []).map((i) => i.path.join('.'))

describe('simulator routes: profiles and scenarios', () => {
  it('lists profiles, built-in scenarios first, one scenario, and the scenario JSON Schema; all behind the admin secret', async () => {
    t = await startTestSandbox()
    const profiles = await t.control('GET', '/profiles')
    expect(profiles.status).toBe(200)
    expect(profiles.body.map((p: unknown) => profileInfoSchema.parse(p).id).sort()).toEqual(['entra-flag', 'entra-legacy', 'okta-aiw', 'okta-oin', 'rfc7644'])

    const list = await t.control('GET', '/scenarios')
    expect(list.status).toBe(200)
    const summaries = list.body.map((s: unknown) => scenarioSummarySchema.parse(s))
    expect(summaries.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['okta-oin-lifecycle', 'entra-legacy-lifecycle', 'okta-oin-group-push', 'entra-flag-test-connection']))
    expect(summaries.every((s: { builtIn: boolean }) => s.builtIn)).toBe(true)

    const one = await t.control('GET', '/scenarios/okta-oin-lifecycle')
    expect(one.status).toBe(200)
    expect(scenarioSchema.parse(one.body)).toMatchObject({ name: 'okta-oin-lifecycle', profile: 'okta-oin' })
    const missing = await t.control('GET', '/scenarios/nope')
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({ error: 'no scenario "nope"' })

    const schema = await t.control('GET', '/scenario-schema')
    expect(schema.status).toBe(200)
    expect(schema.body).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', title: 'SCIM Sandbox scenario' })
    expect(schema.body.required).toEqual(expect.arrayContaining(['format', 'version', 'name', 'title', 'profile', 'steps']))

    for (const path of ['/profiles', '/scenarios', '/runs', '/scenario-schema']) expect((await t.control('GET', path, { secret: null })).status).toBe(401)
  })

  it('saves a scenario under its name, lists it after the built-ins, and deletes it; refuses built-in names with 409', async () => {
    t = await startTestSandbox()
    const saved = await t.control('PUT', '/scenarios/my-joiner', { body: myScenario() })
    expect(saved.status).toBe(200)
    expect(saved.body).toMatchObject({ name: 'my-joiner', description: '', seed: 1, domain: 'example.test' })
    const list = (await t.control('GET', '/scenarios')).body as { name: string; builtIn: boolean }[]
    expect(list[list.length - 1]).toMatchObject({ name: 'my-joiner', builtIn: false })
    expect(list.findIndex((s) => !s.builtIn)).toBe(list.length - 1)
    expect((await t.control('GET', '/scenarios/my-joiner')).body.title).toBe('My joiner')

    // A body without a name takes the URL's.
    const { name: _n, ...nameless } = myScenario({ title: 'Renamed by URL' })
    const byUrl = await t.control('PUT', '/scenarios/from-url', { body: nameless })
    expect(byUrl.status).toBe(200)
    expect(byUrl.body.name).toBe('from-url')

    const builtIn = await t.control('PUT', '/scenarios/okta-oin-lifecycle', { body: myScenario({ name: 'okta-oin-lifecycle' }) })
    expect(builtIn.status).toBe(409)
    expect(builtIn.body.error).toMatch(/built-in/)
    const delBuiltIn = await t.control('DELETE', '/scenarios/okta-oin-lifecycle')
    expect(delBuiltIn.status).toBe(409)

    expect((await t.control('DELETE', '/scenarios/my-joiner')).status).toBe(204)
    const again = await t.control('DELETE', '/scenarios/my-joiner')
    expect(again.status).toBe(404)
    expect(again.body).toEqual({ error: 'no saved scenario "my-joiner"' })
    expect((await t.control('GET', '/scenarios/my-joiner')).status).toBe(404)
  })

  it('refuses an invalid scenario with 400 and every problem in issues, and changes nothing', async () => {
    t = await startTestSandbox()
    const bad = await t.control('PUT', '/scenarios/bad-one', {
      body: {
        format: 'nope',
        version: 2,
        name: 'other-name',
        profile: 'okta',
        steps: [{ action: 'provisionUser' }, { action: 'fly' }, { id: 'x', action: 'testConnection' }, { id: 'x', action: 'testConnection' }],
        surprise: true,
      },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatch(/^the scenario is invalid: /)
    expect(paths(bad.body)).toEqual(
      expect.arrayContaining(['format', 'version', 'title', 'profile', 'steps.0.user', 'steps.1.action', 'surprise', 'name']),
    )
    expect(bad.body.issues.find((i: { path: string[] }) => i.path.join('.') === 'surprise').message).toBe('unknown field "surprise"')
    expect(bad.body.issues.find((i: { path: string[] }) => i.path.join('.') === 'name').message).toBe('"other-name" is not the name in the URL ("bad-one")')

    // What a schema cannot say (unique step ids) comes with the rest once the document is otherwise valid.
    const dup = await t.control('PUT', '/scenarios/my-joiner', { body: myScenario({ steps: [{ id: 'a', action: 'testConnection' }, { id: 'a', action: 'testConnection' }] }) })
    expect(dup.status).toBe(400)
    expect(dup.body.issues).toEqual([{ path: ['steps', 1, 'id'], message: expect.stringContaining('"a" is already used') }])

    const notJson = await t.control('PUT', '/scenarios/my-joiner', { raw: '{ nope' })
    expect(notJson.status).toBe(400)
    expect(notJson.body.error).toMatch(/not valid JSON/)
    expect((await t.control('GET', '/scenarios')).body.some((s: { builtIn: boolean }) => !s.builtIn)).toBe(false)
  })
})

describe('simulator routes: runs', () => {
  it('refuses a bad run request with every issue, an unknown scenario or config with 404, an unknown run with 404', async () => {
    t = await startTestSandbox()
    const bad = await t.control('POST', '/runs', { body: { scenario: '', target: { kind: 'ftp' }, mode: 'fast', concurrency: 0, extra: 1 } })
    expect(bad.status).toBe(400)
    expect(bad.body.error).toMatch(/^the run request is invalid: /)
    expect(paths(bad.body)).toEqual(expect.arrayContaining(['scenario', 'target.kind', 'mode', 'concurrency', 'extra']))
    const noBody = await t.control('POST', '/runs')
    expect(noBody.status).toBe(400)
    expect(paths(noBody.body)).toEqual(expect.arrayContaining(['scenario', 'target']))
    const badUrl = await t.control('POST', '/runs', { body: { scenario: 'okta-oin-lifecycle', target: { kind: 'url', baseUrl: 'not a url', token: '' } } })
    expect(paths(badUrl.body)).toEqual(expect.arrayContaining(['target.baseUrl', 'target.token']))

    const noScenario = await t.control('POST', '/runs', { body: { scenario: 'nope', target: EMBEDDED } })
    expect(noScenario.status).toBe(404)
    expect(noScenario.body).toEqual({ error: 'no scenario "nope"' })
    const noConfig = await t.control('POST', '/runs', { body: { scenario: 'okta-oin-lifecycle', target: { kind: 'embedded', configId: 'nope' } } })
    expect(noConfig.status).toBe(404)
    expect(noConfig.body).toEqual({ error: 'no SCIM config "nope"' })

    for (const [method, path] of [
      ['GET', '/runs/nope'],
      ['POST', '/runs/nope/step'],
      ['POST', '/runs/nope/stop'],
      ['GET', '/runs/nope/report.json'],
      ['GET', '/runs/nope/junit.xml'],
    ] as const) {
      const r = await t.control(method, path)
      expect(r.status, `${method} ${path}`).toBe(404)
      expect(r.body.error).toMatch(/^no run "nope"/)
    }
    expect((await t.control('GET', '/runs')).body).toEqual([])
  })

  it('runs okta-oin-lifecycle against acme-okta to the end: every step passes, the directory changes, the log marks it simulator', async () => {
    t = await startTestSandbox()
    // Okta's test connection wants one whole user to exist already (idp-request-patterns.md b.2.12).
    const existing = { schemas: [URN.user], userName: 'existing@acme.test', name: { givenName: 'Existing', familyName: 'User' }, emails: [{ value: 'existing@acme.test', primary: true }], active: true }
    expect((await t.req('POST', '/scim/v2/acme-okta/Users', { body: existing })).status).toBe(201)

    const started = await t.control('POST', '/runs', { body: { scenario: 'okta-oin-lifecycle', target: EMBEDDED } })
    expect(started.status).toBe(201)
    const first = reportSchema.parse(started.body)
    expect(first).toMatchObject({ scenario: 'okta-oin-lifecycle', profile: 'okta-oin', mode: 'run', target: { kind: 'embedded', configId: 'acme-okta' }, finishedAt: null })
    expect(['pending', 'running']).toContain(first.status)
    expect(first.target.baseUrl).toBe(`${t.sb.localOrigin}/scim/v2/acme-okta`)

    const done = await until(t, first.runId, (r) => TERMINAL.includes(r.status))
    const scenario = scenarioSchema.parse((await t.control('GET', '/scenarios/okta-oin-lifecycle')).body)
    expect(done.steps.map((s) => s.action)).toEqual(scenario.steps.map((s) => s.action))
    expect(done.steps.filter((s) => s.outcome === 'fail').map((s) => `${s.title}: ${s.reason}`)).toEqual([])
    expect(done.status).toBe('passed')
    expect(done.summary).toMatchObject({ steps: scenario.steps.length, failed: 0 })
    expect(done.summary.requests).toBeGreaterThan(scenario.steps.length)

    // Okta's lookup before the create, then the POST that links or creates the account and adds it to Engineering.
    const exchanges = done.steps.flatMap((s) => s.exchanges)
    const post = exchanges.find((e) => e.request.method === 'POST' && e.request.url.endsWith('/Users'))!
    expect(post.response!.status).toBe(201)
    expect(post.directoryChanges.map((c) => c.message)).toEqual(expect.arrayContaining([expect.stringMatching(/^added .+ to team Engineering$/)]))
    const lookup = exchanges.find((e) => e.request.method === 'GET' && decodeURIComponent(e.request.url).includes('userName eq'))!
    expect(lookup.request.url).toMatch(/startIndex=1&count=100/)
    // Reports never carry the token.
    expect(JSON.stringify(done)).not.toContain('tok-acme-okta')

    const log = await t.control('GET', '/log?source=simulator&limit=500')
    expect(log.body.entries.length).toBe(done.summary.requests)
    expect(log.body.entries.every((e: { runId: string; configId: string }) => e.runId === first.runId && e.configId === 'acme-okta')).toBe(true)

    const runs = await t.control('GET', '/runs')
    expect(runs.body).toHaveLength(1)
    expect(runs.body[0]).toMatchObject({ runId: first.runId, status: 'passed' })
    expect(runs.body[0].steps.every((s: { exchanges: unknown[] }) => s.exchanges.length === 0)).toBe(true)
  })

  it('step mode: each request waits for POST /step; the POST adds the user to its team; stop cancels; a finished run refuses /step with 409', async () => {
    t = await startTestSandbox()
    const started = await t.control('POST', '/runs', { body: { scenario: 'okta-oin-lifecycle', target: EMBEDDED, mode: 'step' } })
    expect(started.status).toBe(201)
    let r = reportSchema.parse(started.body)
    expect(r.status).toBe('waiting')
    expect(r.pending).toMatchObject({ stepIndex: 0, method: 'GET' })
    expect(r.pending!.note.length).toBeGreaterThan(0)
    expect(r.pending!.headers.Authorization ?? r.pending!.headers.authorization).not.toContain('tok-acme-okta')
    // Nothing has been sent.
    expect((await t.control('GET', '/log?source=simulator')).body.entries).toEqual([])

    let sawLookup = false
    let added: string[] = []
    for (let i = 0; i < 30 && r.status === 'waiting'; i++) {
      const pending = r.pending!
      if (pending.method === 'GET' && decodeURIComponent(pending.url).includes('userName eq')) sawLookup = true
      const stepped = await t.control('POST', `/runs/${r.runId}/step`)
      expect(stepped.status).toBe(200)
      r = reportSchema.parse(stepped.body)
      const sent = r.steps.flatMap((s) => s.exchanges).pop()!
      expect(sent.request.method).toBe(pending.method)
      expect(sent.request.url).toBe(pending.url)
      if (pending.method === 'POST' && pending.url.endsWith('/Users')) {
        added = sent.directoryChanges.map((c) => c.message)
        break
      }
    }
    expect(sawLookup).toBe(true)
    expect(added).toEqual(expect.arrayContaining([expect.stringMatching(/to team Engineering$/)]))
    expect(r.status).toBe('waiting')

    const stopped = await t.control('POST', `/runs/${r.runId}/stop`)
    expect(stopped.status).toBe(200)
    expect(stopped.body).toMatchObject({ status: 'cancelled', pending: null })
    expect(stopped.body.finishedAt).not.toBeNull()
    const refused = await t.control('POST', `/runs/${r.runId}/step`)
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatch(/not waiting/)
    // Stopping again answers the same report.
    expect((await t.control('POST', `/runs/${r.runId}/stop`)).body.status).toBe('cancelled')

    // A run-mode run is never waiting for a step.
    const running = await t.control('POST', '/runs', { body: { scenario: 'okta-oin-test-connection', target: EMBEDDED } })
    await until(t, running.body.runId, (x) => TERMINAL.includes(x.status))
    expect((await t.control('POST', `/runs/${running.body.runId}/step`)).status).toBe(409)
  })

  it('serves the report as a JSON download and JUnit XML as application/xml attachments', async () => {
    t = await startTestSandbox()
    const started = await t.control('POST', '/runs', { body: { scenario: 'okta-oin-test-connection', target: EMBEDDED } })
    const done = await until(t, started.body.runId, (x) => TERMINAL.includes(x.status))

    const json = await t.control('GET', `/runs/${done.runId}/report.json`)
    expect(json.status).toBe(200)
    expect(json.headers.get('content-type')).toMatch(/^application\/json/)
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="scim-sandbox-okta-oin-test-connection-${done.runId}.report.json"`)
    expect(reportSchema.parse(json.body)).toEqual(done)

    const xml = await t.control('GET', `/runs/${done.runId}/junit.xml`)
    expect(xml.status).toBe(200)
    expect(xml.headers.get('content-type')).toMatch(/^application\/xml/)
    expect(xml.headers.get('content-disposition')).toBe(`attachment; filename="scim-sandbox-okta-oin-test-connection-${done.runId}.junit.xml"`)
    const doc = new XMLParser({ ignoreAttributes: false }).parse(xml.text)
    expect(doc.testsuites).toBeDefined()
    expect(xml.text).toContain('okta-oin-test-connection')
  })

  it('pushes the run as `run` events on /stream: started, exchanges, steps, finished', async () => {
    t = await startTestSandbox()
    const ctrl = new AbortController()
    const res = await fetch(`${t.sb.localOrigin}/_sandbox/api/stream?secret=${encodeURIComponent(t.sb.adminSecret)}`, { signal: ctrl.signal })
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    const events: ReturnType<typeof runEventSchema.parse>[] = []
    let buf = ''
    const started = await t.control('POST', '/runs', { body: { scenario: 'okta-oin-test-connection', target: EMBEDDED } })
    const timer = setTimeout(() => ctrl.abort(), 10_000)
    try {
      while (!events.some((e) => e.type === 'finished')) {
        const { value, done } = await reader.read()
        if (done) break
        buf += decoder.decode(value, { stream: true })
        let i: number
        while ((i = buf.indexOf('\n\n')) !== -1) {
          const block = buf.slice(0, i)
          buf = buf.slice(i + 2)
          if (/^event: run$/m.test(block)) events.push(...(JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as unknown[]).map((e) => runEventSchema.parse(e)))
        }
      }
    } finally {
      clearTimeout(timer)
      ctrl.abort()
    }
    const types = events.filter((e) => e.runId === started.body.runId).map((e) => e.type)
    expect(types[0]).toBe('started')
    expect(types).toContain('exchange')
    expect(types).toContain('step')
    expect(types[types.length - 1]).toBe('finished')
  })

  it("the renderer's HTTP client speaks these routes: scenarios, runs, step, stop, report and JUnit text, errors with their status", async () => {
    t = await startTestSandbox()
    const client = httpClient({ origin: t.sb.localOrigin, adminSecret: t.sb.adminSecret })
    expect((await client.profiles()).length).toBe(5)
    expect((await client.scenarios()).some((s) => s.name === 'okta-oin-lifecycle')).toBe(true)
    expect((await client.scenario('okta-oin-lifecycle')).profile).toBe('okta-oin')
    expect(await client.scenarioSchema()).toMatchObject({ title: 'SCIM Sandbox scenario' })
    const saved = await client.saveScenario(scenarioSchema.parse(myScenario()))
    expect(saved.name).toBe('my-joiner')

    const run = await client.startRun({ scenario: 'my-joiner', target: EMBEDDED, mode: 'step' })
    expect(run.status).toBe('waiting')
    const stepped = await client.stepRun(run.runId)
    expect(stepped.steps[0]!.exchanges).toHaveLength(1)
    expect((await client.stopRun(run.runId)).status).toBe('cancelled')
    expect((await client.run(run.runId)).status).toBe('cancelled')
    expect((await client.runs())[0]!.runId).toBe(run.runId)
    expect(reportSchema.parse(JSON.parse(await client.runReport(run.runId))).runId).toBe(run.runId)
    expect(await client.runJunit(run.runId)).toMatch(/^<\?xml/)

    const refused = await client.stepRun(run.runId).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ControlApiError)
    expect((refused as ControlApiError).status).toBe(409)
    const missing = await client.runJunit('nope').catch((e: unknown) => e)
    expect(missing).toMatchObject({ status: 404, message: 'no run "nope" (the sandbox keeps the last 50 runs, until it restarts)' })
    const invalid = await client.saveScenario({ ...myScenario(), steps: [] } as never).catch((e: unknown) => e)
    expect(invalid).toMatchObject({ status: 400, issues: [{ path: ['steps'], message: expect.any(String) }] })
    await client.deleteScenario('my-joiner')
    expect((await client.scenarios()).some((s) => s.name === 'my-joiner')).toBe(false)
  })
})
