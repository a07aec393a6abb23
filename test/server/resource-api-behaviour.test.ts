import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DomainEvent } from '../../src-shared/events'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'


/** Cross-project isolation, bad input (each changing nothing), and one store, one set of events, one log with the UI. */
let t: TestSandbox
beforeAll(async () => {
  t = await startTestSandbox({
    mutateSeed: (s) => {
      s.projects[0].statusPages[0].privateUsers = [{ email: 'pat@acme.test' }]
      s.projects.push({
        id: 'globex',
        name: 'Globex',
        teams: [{ id: 'g-eng', name: 'Globex Eng' }],
        users: [{ email: 'hank@globex.test', name: 'Hank', teams: ['g-eng'] }],
        apiKeys: [{ name: 'owner', key: 'key-globex', permissions: ['ProjectOwner'] }],
        scim: [{ id: 'globex-okta', name: 'Okta', bearerToken: 'tok-globex-okta-0000' }],
        statusPages: [{ id: 'globex-status', name: 'Globex Status', scim: [{ id: 'globex-status-entra', name: 'Entra', bearerToken: 'tok-globex-status-000' }], privateUsers: [{ email: 'p@globex.test' }] }],
      })
    },
  })
})
afterAll(() => t?.close())

const MODELS = ['project', 'team', 'team-member', 'user', 'status-page', 'status-page-private-user', 'project-scim', 'status-page-scim', 'api-key']

/** One id of each model in the Globex project. */
function globexIds(): Record<string, string> {
  const s = t.sb.store
  const find = <T extends { projectId: string; id: string }>(it: Iterable<T>, pred: (x: T) => boolean = () => true) => [...it].find((x) => x.projectId === 'globex' && pred(x))!.id
  return {
    project: 'globex',
    team: 'g-eng',
    'team-member': find(s.all('teamMembers')),
    user: find(s.all('accounts')),
    'status-page': 'globex-status',
    'status-page-private-user': find(s.all('privateUsers')),
    'project-scim': 'globex-okta',
    'status-page-scim': 'globex-status-entra',
    'api-key': find(s.all('apiKeys')),
  }
}

describe('cross-project isolation', () => {
  it('every list and count shows only the key’s own project', async () => {
    for (const model of MODELS) {
      for (const [key, project] of [['key-owner', 'acme'], ['key-globex', 'globex']] as const) {
        const r = await t.api('POST', `/api/${model}/get-list?limit=100`, { key })
        expect(r.status, `${model}: ${r.text}`).toBe(200)
        expect(r.body.count, model).toBeGreaterThan(0)
        for (const rec of r.body.data) expect(model === 'project' ? rec._id : (rec.projectId ?? project), `${model} ${rec._id}`).toBe(project)
        const c = await t.api('POST', `/api/${model}/count`, { key })
        expect(c.body.count).toBe(r.body.count)
      }
    }
    // Users carry no projectId field: compare by email.
    const users = await t.api('POST', '/api/user/get-list')
    expect(users.body.data.map((u: any) => u.email)).toEqual(['existing@acme.test'])
  })

  it('get, update and delete of another project’s id are 404 (as if it did not exist), changing nothing', async () => {
    const ids = globexIds()
    const before = t.snapshot()
    for (const model of MODELS) {
      const id = ids[model]!
      for (const [method, path, body] of [
        ['POST', `/api/${model}/${id}/get-item`, undefined],
        ['PUT', `/api/${model}/${id}`, { data: {} }],
        ['POST', `/api/${model}/${id}/update-item`, { data: {} }],
        ['DELETE', `/api/${model}/${id}`, undefined],
        ['GET', `/api/${model}/${id}/delete-item`, undefined],
      ] as const) {
        const r = await t.api(method, path, { body })
        expect(r.status, `${method} ${path}: ${r.text}`).toBe(404)
        expect(r.body.error).toContain(id)
      }
    }
    expect(t.snapshot() === before).toBe(true)
  })

  it('a create cannot reach into another project (projectId, teamId, userId, statusPageId)', async () => {
    const ids = globexIds()
    const before = t.snapshot()
    const cases: [string, Record<string, unknown>, string][] = [
      ['team', { name: 'X', projectId: 'globex' }, 'projectId'],
      ['status-page-scim', { name: 'X', projectId: 'globex', statusPageId: 'globex-status' }, 'projectId'],
      ['status-page-scim', { name: 'X', statusPageId: 'globex-status' }, 'statusPageId'],
      ['team-member', { teamId: 'g-eng', userId: ids.user! }, 'teamId'],
      ['status-page-private-user', { statusPageId: 'globex-status', email: 'x@acme.test' }, 'statusPageId'],
      ['project-scim', { name: 'X', defaultTeams: ['g-eng'] }, 'defaultTeams'],
    ]
    for (const [model, data, field] of cases) {
      const r = await t.api('POST', `/api/${model}`, { body: { data } })
      expect(r.status, `${model}: ${r.text}`).toBe(400)
      expect(r.body.error).toContain(field)
    }
    expect(t.snapshot() === before).toBe(true)
  })
})

describe('the reference model’s relations in select', () => {
  it('project, statusPage and createdByUser', async () => {
    const r = await t.api('POST', '/api/status-page-scim/acme-status-entra/get-item', { body: { select: { name: true, project: true, statusPage: { name: true }, createdByUser: true, createdByUserId: true } } })
    expect(r.body).toEqual({ _id: 'acme-status-entra', name: 'Entra', project: { _id: 'acme', name: 'Acme' }, statusPage: { name: 'Acme Status' }, createdByUser: null, createdByUserId: null })
    const list = await t.api('POST', '/api/team/get-list', { body: { select: { project: true }, query: { _id: 'eng' } } })
    expect(list.body.data).toEqual([{ _id: 'eng', project: { _id: 'acme', name: 'Acme' } }])
    const bad = await t.api('POST', '/api/team/get-list', { body: { select: { statusPage: true } } })
    expect([bad.status, bad.body.error]).toEqual([400, expect.stringContaining('statusPage')])
    const badSub = await t.api('POST', '/api/team/get-list', { body: { select: { project: { secret: true } } } })
    expect(badSub.status).toBe(400)
  })
})

describe('bad input: 4xx with {error} naming the problem, and nothing changed', () => {
  const cases: { name: string; method: string; path: string; body?: unknown; raw?: string; key?: string | null; status: number; mentions: string }[] = [
    { name: 'unknown model', method: 'POST', path: '/api/widget/get-list', status: 404, mentions: 'widget' },
    { name: 'unknown model on create', method: 'POST', path: '/api/widget', body: { data: {} }, status: 404, mentions: 'widget' },
    { name: 'malformed JSON', method: 'POST', path: '/api/team', raw: '{"data": {"name": ', status: 400, mentions: 'JSON' },
    { name: 'body not an object', method: 'POST', path: '/api/team/get-list', body: [1, 2], status: 400, mentions: 'object' },
    { name: 'select unknown field', method: 'POST', path: '/api/team/get-list', body: { select: { colour: true } }, status: 400, mentions: 'colour' },
    { name: 'select not boolean', method: 'POST', path: '/api/team/get-list', body: { select: { name: 'yes' } }, status: 400, mentions: 'name' },
    { name: 'query unknown field', method: 'POST', path: '/api/status-page-scim/get-list', body: { query: { token: 'x' } }, status: 400, mentions: 'token' },
    { name: 'query wrong type', method: 'POST', path: '/api/status-page-scim/count', body: { query: { autoProvisionUsers: 'yes' } }, status: 400, mentions: 'autoProvisionUsers' },
    { name: 'sort unknown field', method: 'POST', path: '/api/team/get-list', body: { sort: { rank: 1 } }, status: 400, mentions: 'rank' },
    { name: 'sort bad direction', method: 'POST', path: '/api/team/get-list', body: { sort: { name: 2 } }, status: 400, mentions: 'name' },
    { name: 'get-item select unknown field', method: 'POST', path: '/api/team/eng/get-item', body: { select: { colour: true } }, status: 400, mentions: 'colour' },
    { name: 'limit not a number', method: 'POST', path: '/api/team/get-list?limit=ten', status: 400, mentions: 'limit' },
    { name: 'negative skip', method: 'POST', path: '/api/team/get-list?skip=-1', status: 400, mentions: 'skip' },
    { name: 'create without data', method: 'POST', path: '/api/team', body: { name: 'X' }, status: 400, mentions: 'name' },
    { name: 'create with empty body', method: 'POST', path: '/api/team', status: 400, mentions: 'data' },
    { name: 'create unknown field', method: 'POST', path: '/api/team', body: { data: { name: 'X', colour: 'red' } }, status: 400, mentions: 'colour' },
    { name: 'create wrong type', method: 'POST', path: '/api/team', body: { data: { name: 5 } }, status: 400, mentions: 'name' },
    { name: 'create missing required field', method: 'POST', path: '/api/status-page-scim', body: { data: { name: 'X' } }, status: 400, mentions: 'statusPageId' },
    { name: 'create wrong boolean', method: 'POST', path: '/api/status-page-scim', body: { data: { name: 'X', statusPageId: 'acme-status', autoProvisionUsers: 'true' } }, status: 400, mentions: 'autoProvisionUsers' },
    { name: 'create bad permission', method: 'POST', path: '/api/api-key', body: { data: { name: 'X', permissions: ['God'] } }, status: 400, mentions: 'permissions' },
    { name: 'create duplicate email', method: 'POST', path: '/api/user', body: { data: { email: 'existing@acme.test' } }, status: 400, mentions: 'email' },
    { name: 'create invalid email', method: 'POST', path: '/api/user', body: { data: { email: 'nope' } }, status: 400, mentions: 'email' },
    { name: 'update read-only _id', method: 'PUT', path: '/api/team/eng', body: { data: { _id: 'x' } }, status: 400, mentions: '_id' },
    { name: 'update create-only projectId', method: 'PUT', path: '/api/team/eng', body: { data: { projectId: 'globex' } }, status: 400, mentions: 'projectId' },
    { name: 'update create-only statusPageId', method: 'PUT', path: '/api/status-page-scim/acme-status-entra', body: { data: { statusPageId: 'x' } }, status: 400, mentions: 'statusPageId' },
    { name: 'update wrong type', method: 'PUT', path: '/api/project-scim/acme-okta', body: { data: { enablePushGroups: 1 } }, status: 400, mentions: 'enablePushGroups' },
    { name: 'update unknown default team', method: 'PUT', path: '/api/project-scim/acme-okta', body: { data: { defaultTeams: ['nope'] } }, status: 400, mentions: 'defaultTeams' },
    { name: 'update unknown id', method: 'PUT', path: '/api/team/nope', body: { data: { name: 'X' } }, status: 404, mentions: 'nope' },
    { name: 'delete unknown id', method: 'DELETE', path: '/api/team/nope', status: 404, mentions: 'nope' },
    { name: 'get unknown id', method: 'GET', path: '/api/team/nope/get-item', status: 404, mentions: 'nope' },
    { name: 'a Status Page SCIM config is not a project-scim', method: 'GET', path: '/api/project-scim/acme-status-entra/get-item', status: 404, mentions: 'acme-status-entra' },
    { name: 'a Project SCIM config is not a status-page-scim', method: 'DELETE', path: '/api/status-page-scim/acme-okta', status: 404, mentions: 'acme-okta' },
    { name: 'missing key', method: 'POST', path: '/api/team', body: { data: { name: 'X' } }, key: null, status: 401, mentions: 'ApiKey' },
    { name: 'unknown key', method: 'DELETE', path: '/api/team/eng', key: 'key-unknown', status: 401, mentions: 'key' },
    { name: 'missing permission', method: 'DELETE', path: '/api/team/eng', key: 'key-reader', status: 403, mentions: 'ProjectOwner, ProjectAdmin' },
  ]
  for (const c of cases) {
    it(`${c.name}: ${c.status}`, async () => {
      const before = t.snapshot()
      const r = await t.api(c.method, c.path, { body: c.body, raw: c.raw, key: c.key })
      expect(r.status, r.text).toBe(c.status)
      expect(typeof r.body.error).toBe('string')
      expect(r.body.error).toContain(c.mentions)
      expect(t.snapshot() === before, 'workspace changed').toBe(true)
    })
  }

  it('/api/v1/... is not a model: left to the SCIM tokens admin and OAuth routes', async () => {
    const r = await t.api('GET', '/api/v1/admin/scim-tokens/', { key: null })
    expect(r.status).toBe(401)
    expect(r.text).not.toContain('ApiKey')
    const other = await t.api('POST', '/api/v1/get-list')
    expect(other.status).toBe(404)
    expect(other.text).not.toContain('unknown model')
  })
})

describe('one store, one set of events, one log with the UI', () => {
  it('a team made through the resource API is in the control API’s directory, emits its event, and is logged (ApiKey redacted)', async () => {
    const events: DomainEvent[] = []
    const off = t.sb.subscribe((n) => {
      if (n.type === 'changed') events.push(...n.events)
    })
    const r = await t.api('POST', '/api/team', { body: { data: { name: 'Platform' } } })
    off()
    expect(r.status).toBe(200)
    const dir = await t.control('GET', '/directory')
    const acme = dir.body.projects.find((p: any) => p.id === 'acme')
    expect(acme.teams.map((x: any) => x.id)).toContain(r.body._id)
    expect(events).toEqual([expect.objectContaining({ type: 'team.created', projectId: 'acme', teamId: r.body._id })])
    await t.sb.log.flushed()
    const log = await t.control('GET', '/log?limit=5')
    const summary = log.body.entries.find((e: any) => e.path === '/api/team' && e.method === 'POST')
    expect(summary).toBeDefined()
    const entry = (await t.control('GET', `/log/${summary.seq}`)).body
    expect(entry.surface).toBe('resource-api')
    expect(entry.requestHeaders.apikey).toMatch(/redacted/)
    expect(JSON.stringify(entry)).not.toContain('key-owner')
    expect(entry.events).toEqual([expect.objectContaining({ type: 'team.created' })])
  })

  it('a new API key and a config’s bearer token are redacted in the log, not in the answer', async () => {
    const k = await t.api('POST', '/api/api-key', { body: { data: { name: 'ci', permissions: ['ProjectMember'] } } })
    expect(k.body.key).toMatch(/^key-/)
    const cfg = await t.api('POST', '/api/status-page-scim/acme-status-entra/get-item', { key: 'key-reader', body: { select: { bearerToken: true } } })
    expect(cfg.body.bearerToken).toBe('tok-acme-status')
    await t.sb.log.flushed()
    const log = await t.control('GET', '/log?limit=10')
    const details = await Promise.all(log.body.entries.filter((e: any) => e.surface === 'resource-api').map(async (e: any) => (await t.control('GET', `/log/${e.seq}`)).body))
    expect(details.length).toBeGreaterThan(1)
    const text = JSON.stringify(details)
    expect(text).not.toContain(k.body.key)
    expect(text).not.toContain('tok-acme-status')
  })

  it('a change made in the UI is what the resource API reads', async () => {
    await t.control('PATCH', '/teams/ops', { body: { name: 'Ops 2' } })
    const r = await t.api('POST', '/api/team/ops/get-item', { body: { select: { name: true } } })
    expect(r.body).toEqual({ _id: 'ops', name: 'Ops 2' })
  })

  it('writes are journaled: they survive a restart', async () => {
    const r = await t.api('POST', '/api/status-page', { body: { data: { name: 'Durable' } } })
    const doc = JSON.parse(t.snapshot())
    expect(doc.statusPages.some((s: any) => s.id === r.body._id)).toBe(true)
    const { startSandbox } = await import('../../src-main/server/sandbox')
    const dataFile = t.sb.dataFile
    await t.sb.close()
    const again = await startSandbox({ port: 0, dataFile })
    try {
      expect(again.store.get('statusPages', r.body._id)?.name).toBe('Durable')
    } finally {
      await again.close()
    }
  })
})
