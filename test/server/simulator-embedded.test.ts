import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { logQuerySchema } from '@shared/log'
import type { Report, RunEvent, RunRequestInput } from '@shared/scenario'
import { BUILT_IN_SCENARIOS } from '../../src-main/core/simulator'
import type { SimulatorService } from '../../src-main/server/simulator/service'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { URN } from '../helpers/scim'

/**
 * The built-in scenarios against the embedded sandbox: every one passes on a tolerant config (directory assertions
 * included); on a strict config the steps that rely on an IdP's quirk fail with the server's RFC answer, and the
 * strict RFC 7644 profile passes.
 */

let t: TestSandbox
beforeAll(async () => {
  t = await startTestSandbox({
    mutateSeed: (s) =>
      s.projects[0].scim.push({ id: 'acme-strict', name: 'Strict', bearerToken: 'tok-acme-strict', defaultTeams: ['eng'], enablePushGroups: true, compatibility: 'strict' }),
  })
  // One user on each config before anything runs, so Okta's Test Connection (its SPEC test, b.2.12) has a user to inspect.
  for (const [config, token] of [['acme-okta', 'tok-acme-okta'], ['acme-strict', 'tok-acme-strict']]) {
    const r = await t.req('POST', `/scim/v2/${config}/Users`, { token, body: { schemas: [URN.user], userName: 'pre-existing@acme.test', name: { givenName: 'Pre', familyName: 'Existing' }, emails: [{ value: 'pre-existing@acme.test', primary: true, type: 'work' }], active: true } })
    expect(r.status).toBe(201)
  }
})
afterAll(() => t.close())

/** Starts a run and waits for its `finished` event (bounded). */
export async function runToEnd(sim: SimulatorService, req: RunRequestInput, ms = 20_000): Promise<Report> {
  let runId = ''
  let early: Report | undefined
  const done = new Promise<Report>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`run did not finish within ${ms} ms`)), ms)
    const off = sim.subscribe((e: RunEvent) => {
      if (e.type !== 'finished') return
      if (runId && e.runId !== runId) return
      if (!runId) early = e.report
      else {
        clearTimeout(timer)
        off()
        ok(e.report)
      }
    })
  })
  const started = sim.start(req as never)
  runId = started.runId
  if (early?.runId === runId) return early
  return done
}

const failing = (r: Report) => r.steps.filter((s) => s.outcome === 'fail').map((s) => `${s.index + 1} ${s.action}: ${s.reason}`)

describe('built-in scenarios on a tolerant config', () => {
  for (const scenario of BUILT_IN_SCENARIOS) {
    it(`${scenario.name} passes`, async () => {
      const r = await runToEnd(t.sb.simulator, { scenario: scenario.name, target: { kind: 'embedded', configId: 'acme-okta' } })
      expect(failing(r)).toEqual([])
      expect(r.status).toBe('passed')
      expect(r.steps).toHaveLength(scenario.steps.length)
      // Directory assertions ran for real (the embedded target has a probe): none was skipped for want of one.
      const dir = r.steps.flatMap((s) => s.assertions).filter((a) => a.id.startsWith('expect-directory'))
      expect(dir.every((a) => a.outcome === 'pass')).toBe(true)
      if (scenario.steps.some((s) => s.expect?.directory)) expect(dir.length).toBeGreaterThan(0)
      // Every request went to the embedded sandbox's config and was logged there with this run's id.
      const logged = t.sb.log.page(logQuerySchema.parse({ source: 'simulator', limit: 5000 })).entries.filter((e) => e.runId === r.runId)
      expect(logged).toHaveLength(r.summary.requests)
      expect(logged.every((e) => e.configId === 'acme-okta')).toBe(true)
    })
  }
})

/**
 * What a strict config refuses, per scenario: the failing steps and what the server's answer must say. Everything
 * else in those scenarios passes. Entra (legacy) capitalises ops (b.1.5; its "False" string, b.1.7, and its member
 * remove, b.1.11, travel in the same capitalised PATCHes); Entra with the flag sends dotted keys in a path-less
 * replace (b.1.6); Okta OIN's group push replaces `id` with a path-less PATCH (b.2.8), and id is readOnly.
 */
const STRICT_FAILURES: Record<string, { steps: string[]; answer: RegExp; sent: RegExp }> = {
  'entra-legacy-lifecycle': { steps: ['updateProfile', 'deactivate', 'reactivate'], answer: /→ 400 scimType invalidSyntax/, sent: /"op":"Replace"/ },
  'entra-legacy-group-push': { steps: ['pushGroup', 'renameGroup', 'addMembers', 'removeMembers'], answer: /→ 400 scimType invalidSyntax/, sent: /"op":"(Add|Replace|Remove)"/ },
  'entra-flag-lifecycle': { steps: ['updateProfile'], answer: /→ 400 scimType invalidPath/, sent: /"name\.familyName":/ },
  'okta-oin-group-push': { steps: ['pushGroup', 'renameGroup', 'addMembers', 'removeMembers'], answer: /→ 400 scimType mutability/, sent: /"op":"replace","value":\{"id":/ },
}

describe('on a strict config', () => {
  for (const scenario of BUILT_IN_SCENARIOS.filter((s) => /-(lifecycle|group-push)$/.test(s.name))) {
    const expected = STRICT_FAILURES[scenario.name]
    it(`${scenario.name} ${expected ? `fails where it relies on a quirk: ${expected.steps.join(', ')}` : 'passes'}`, async () => {
      const r = await runToEnd(t.sb.simulator, { scenario: scenario.name, target: { kind: 'embedded', configId: 'acme-strict' } })
      if (!expected) {
        expect(failing(r)).toEqual([])
        expect(r.status).toBe('passed')
        return
      }
      expect(r.status).toBe('failed')
      const failed = r.steps.filter((s) => s.outcome === 'fail')
      expect(failed.map((s) => s.action)).toEqual(expected.steps)
      for (const s of failed) {
        // The reason quotes the server's RFC answer (status and scimType), and the request shows the quirk.
        expect(s.reason).toMatch(expected.answer)
        const refused = s.exchanges.find((x) => x.response?.status === 400)!
        expect(refused.request.body).toMatch(expected.sent)
        expect(refused.checks.some((c) => c.outcome === 'fail' && /idp-request-patterns\.md b\.[12]\./.test(c.source))).toBe(true)
      }
    })
  }

  it('the strict RFC 7644 profile passes every scenario on the strict config', async () => {
    for (const scenario of BUILT_IN_SCENARIOS.filter((s) => s.profile === 'rfc7644')) {
      const r = await runToEnd(t.sb.simulator, { scenario: scenario.name, target: { kind: 'embedded', configId: 'acme-strict' } })
      expect(failing(r), scenario.name).toEqual([])
    }
  })
})

describe('a first run on a fresh workspace (no SCIM user yet)', () => {
  it('okta-oin-lifecycle passes; Test Connection warns that the SPEC test had no user to inspect', async () => {
    const fresh = await startTestSandbox()
    try {
      const r = await runToEnd(fresh.sb.simulator, { scenario: 'okta-oin-lifecycle', target: { kind: 'embedded', configId: 'acme-okta' } })
      expect(failing(r)).toEqual([])
      expect(r.status).toBe('passed')
      expect(r.steps[0]!.outcome).toBe('warn')
      expect(r.steps[0]!.reason).toMatch(/no user exists yet.*b\.2\.12/)
    } finally {
      await fresh.close()
    }
  })
})
