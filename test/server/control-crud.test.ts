import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { projectViewSchema, scimConfigViewSchema, statusPageViewSchema, teamViewSchema } from '@shared/control'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { URN } from '../helpers/scim'

const U = '/scim/v2/acme-okta'
const SP = '/status-page-scim/v2/acme-status-entra'
const user = (email: string) => ({ schemas: [URN.user], userName: email, emails: [{ value: email, primary: true, type: 'work' }] })

let t: TestSandbox
beforeEach(async () => {
  t = await startTestSandbox()
})
afterEach(() => t.close())

const refused = (status: number, method: string, path: string, body?: unknown) => t.controlRefused(status, method, path, body)

/** The events of the newest request-log entry (the control write just made). */
function lastEvents() {
  const newest = t.sb.log.page({ limit: 1 } as any).entries[0]!
  return t.sb.log.get(newest.seq)!.events
}

const count = (c: Parameters<TestSandbox['sb']['store']['size']>[0]) => t.sb.store.size(c)

describe('projects', () => {
  it('list, create (slug ids, then -2), rename; each write is an event in the log', async () => {
    const list = await t.control('GET', '/projects')
    expect(list.status).toBe(200)
    expect(list.body.map((p: any) => projectViewSchema.parse(p).id)).toEqual(['acme'])

    const a = await t.control('POST', '/projects', { body: { name: 'Globex Corp' } })
    expect(a.status).toBe(201)
    expect(projectViewSchema.parse(a.body)).toMatchObject({ id: 'globex-corp', name: 'Globex Corp' })
    expect(lastEvents().map((e) => e.type)).toEqual(['project.created'])
    const b = await t.control('POST', '/projects', { body: { name: 'Globex  Corp!' } })
    expect(b.body.id).toBe('globex-corp-2')
    const c = await t.control('POST', '/projects', { body: { id: 'initech', name: 'Initech' } })
    expect(c.body.id).toBe('initech')

    const r = await t.control('PATCH', '/projects/initech', { body: { name: 'Initech Ltd' } })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ id: 'initech', name: 'Initech Ltd' })
    expect(t.sb.store.get('projects', 'initech')!.name).toBe('Initech Ltd')
    expect(lastEvents()[0]).toMatchObject({ type: 'project.updated', projectId: 'initech' })
  })

  it('400 with issues per field (unknown fields named), 404 for unknown ids, 409 for a taken id: nothing changes', async () => {
    const empty = await refused(400, 'POST', '/projects', { name: '   ' })
    expect(empty.issues).toEqual([{ path: ['name'], message: 'a name is required' }])
    const unknown = await refused(400, 'POST', '/projects', { name: 'X', colour: 'red' })
    expect(unknown.issues).toEqual([{ path: ['colour'], message: 'unknown field "colour"' }])
    const badId = await refused(400, 'POST', '/projects', { id: 'has space', name: 'X' })
    expect(badId.issues![0]!.path).toEqual(['id'])
    await refused(400, 'POST', '/projects')
    await refused(409, 'POST', '/projects', { id: 'acme', name: 'Another Acme' })
    await refused(404, 'PATCH', '/projects/nope', { name: 'X' })
    await refused(400, 'PATCH', '/projects/acme', { name: 42 })
    await refused(404, 'DELETE', '/projects/nope')
  })

  it('DELETE takes everything in the project with it; other projects are untouched', async () => {
    await t.control('POST', '/projects', { body: { id: 'other', name: 'Other' } })
    await t.control('POST', '/projects/other/teams', { body: { id: 'other-team', name: 'Other team' } })
    const u = await t.req('POST', `${U}/Users`, { body: user('gone@acme.test') })
    await t.req('POST', `${U}/Groups`, { body: { schemas: [URN.group], displayName: 'Platform', members: [{ value: u.body.id }] } })
    await t.req('POST', `${SP}/Users`, { token: 'tok-acme-status', body: user('viewer@acme.test') })
    expect(count('scimUsers')).toBe(2)

    const r = await t.control('DELETE', '/projects/acme')
    expect(r.status).toBe(204)
    for (const c of ['teams', 'accounts', 'teamMembers', 'statusPages', 'privateUsers', 'scimConfigs', 'scimUsers', 'scimGroups', 'apiKeys'] as const) {
      expect([...t.sb.store.all(c)].filter((rec: any) => rec.projectId === 'acme' || rec.configId?.startsWith('acme')), c).toEqual([])
    }
    expect(count('scimUsers') + count('scimGroups') + count('teamMembers') + count('privateUsers') + count('apiKeys')).toBe(0)
    expect(t.sb.store.get('teams', 'other-team')).toBeDefined()
    const ev = lastEvents()
    expect(ev).toHaveLength(1)
    expect(ev[0]!.message).toMatch(/deleted project Acme \(3 teams, 2 accounts, 1 status page, 2 SCIM configs with 2 SCIM users and 1 group, 2 API keys\)/)
    expect((await t.req('GET', `${U}/Users`)).status).toBe(404)
    expect((await t.control('GET', '/projects/acme/teams')).status).toBe(404)
  })
})

describe('teams', () => {
  it('list with member counts, create, rename', async () => {
    await t.req('POST', `${U}/Users`, { body: user('a@acme.test') })
    const list = await t.control('GET', '/projects/acme/teams')
    expect(list.body.map((x: any) => teamViewSchema.parse(x)).map((x: any) => [x.id, x.memberCount])).toEqual([
      ['eng', 1],
      ['ops', 1],
    ])
    const c = await t.control('POST', '/projects/acme/teams', { body: { name: 'Site Reliability' } })
    expect(c.status).toBe(201)
    expect(c.body).toEqual({ id: 'site-reliability', projectId: 'acme', name: 'Site Reliability', scimConfigId: null, memberCount: 0 })
    expect(lastEvents()[0]).toMatchObject({ type: 'team.created', teamId: 'site-reliability' })
    const r = await t.control('PATCH', '/teams/site-reliability', { body: { name: 'SRE' } })
    expect(r.body.name).toBe('SRE')
    expect(lastEvents()[0]).toMatchObject({ type: 'team.renamed' })
  })

  it('404 for an unknown project or team, 409 for a taken id, 400 for bad input: nothing changes', async () => {
    await refused(404, 'GET', '/projects/nope/teams')
    await refused(404, 'POST', '/projects/nope/teams', { name: 'X' })
    await refused(409, 'POST', '/projects/acme/teams', { id: 'eng', name: 'Engineering again' })
    const bad = await refused(400, 'POST', '/projects/acme/teams', { name: 'X', members: [] })
    expect(bad.issues).toEqual([{ path: ['members'], message: 'unknown field "members"' }])
    await refused(404, 'PATCH', '/teams/nope', { name: 'X' })
    await refused(404, 'PATCH', '/teams/nope', { name: '' }) // an unknown id is 404 whatever the body
    await refused(400, 'PATCH', '/teams/eng', { name: '' })
    await refused(404, 'DELETE', '/teams/nope')
  })

  it('DELETE removes its memberships and drops it from default teams; new users then get only the rest', async () => {
    await t.req('POST', `${U}/Users`, { body: user('a@acme.test') })
    expect(t.sb.store.countBy('teamMembers', 'team', 'eng')).toBe(1)
    expect((await t.control('DELETE', '/teams/eng')).status).toBe(204)
    expect(t.sb.store.countBy('teamMembers', 'team', 'eng')).toBe(0)
    expect(t.sb.store.get('scimConfigs', 'acme-okta')!.defaultTeams).toEqual([])
    expect(lastEvents().map((e) => e.type)).toEqual(['team.deleted', 'config.updated'])
    const b = await t.req('POST', `${U}/Users`, { body: user('b@acme.test') })
    expect(b.status).toBe(201)
    expect(t.sb.store.find('teamMembers', 'user', t.sb.store.get('scimUsers', b.body.id)!.accountId)).toEqual([])
  })

  it('DELETE of a team a pushed Group made deletes that SCIM Group too (and it leaves groups that nested it)', async () => {
    const u = await t.req('POST', `${U}/Users`, { body: user('a@acme.test') })
    const inner = await t.req('POST', `${U}/Groups`, { body: { schemas: [URN.group], displayName: 'Inner', members: [{ value: u.body.id }] } })
    const outer = await t.req('POST', `${U}/Groups`, { body: { schemas: [URN.group], displayName: 'Outer', members: [{ value: inner.body.id }] } })
    const teamId = t.sb.store.get('scimGroups', inner.body.id)!.teamId
    const teams = await t.control('GET', '/projects/acme/teams')
    expect(teams.body.find((x: any) => x.id === teamId)).toMatchObject({ name: 'Inner', scimConfigId: 'acme-okta', memberCount: 1 })

    expect((await t.control('DELETE', `/teams/${teamId}`)).status).toBe(204)
    expect(lastEvents().map((e) => e.type)).toEqual(['team.deleted', 'scim.group.deleted'])
    expect((await t.req('GET', `${U}/Groups/${inner.body.id}`)).status).toBe(404)
    const o = await t.req('GET', `${U}/Groups/${outer.body.id}`)
    expect(o.body.members).toEqual([])
    expect(o.body.meta.version).toBe('W/"2"')
  })
})

describe('status pages', () => {
  it('list with private-user counts, create, rename, and 404/409/400 that change nothing', async () => {
    await t.req('POST', `${SP}/Users`, { token: 'tok-acme-status', body: user('viewer@acme.test') })
    const list = await t.control('GET', '/projects/acme/status-pages')
    expect(list.body.map((x: any) => statusPageViewSchema.parse(x))).toEqual([{ id: 'acme-status', projectId: 'acme', name: 'Acme Status', privateUserCount: 1 }])
    const c = await t.control('POST', '/projects/acme/status-pages', { body: { name: 'Internal Status' } })
    expect(c.status).toBe(201)
    expect(c.body).toEqual({ id: 'internal-status', projectId: 'acme', name: 'Internal Status', privateUserCount: 0 })
    expect(lastEvents()[0]!.type).toBe('statusPage.created')
    expect((await t.control('PATCH', '/status-pages/internal-status', { body: { name: 'Internal' } })).body.name).toBe('Internal')
    await refused(409, 'POST', '/projects/acme/status-pages', { id: 'acme-status', name: 'Again' })
    await refused(404, 'POST', '/projects/nope/status-pages', { name: 'X' })
    await refused(404, 'GET', '/projects/nope/status-pages')
    await refused(400, 'PATCH', '/status-pages/acme-status', { title: 'X' })
    await refused(404, 'PATCH', '/status-pages/nope', { name: 'X' })
    await refused(404, 'PATCH', '/status-pages/nope', { title: 'X' })
    await refused(404, 'DELETE', '/status-pages/nope')
  })

  it('DELETE takes its private users and its SCIM configs (with their SCIM users) with it', async () => {
    await t.req('POST', `${SP}/Users`, { token: 'tok-acme-status', body: user('viewer@acme.test') })
    expect((await t.control('DELETE', '/status-pages/acme-status')).status).toBe(204)
    expect(lastEvents()[0]!.message).toBe('deleted status page Acme Status (1 private user, 1 SCIM config with 1 SCIM user)')
    expect(count('privateUsers')).toBe(0)
    expect(t.sb.store.get('scimConfigs', 'acme-status-entra')).toBeUndefined()
    expect(count('scimUsers')).toBe(0)
    expect((await t.req('GET', `${SP}/Users`, { token: 'tok-acme-status' })).status).toBe(404)
  })
})

describe('SCIM configs', () => {
  it('list and get: views with base URLs, tokens and counts', async () => {
    await t.req('POST', `${U}/Users`, { body: user('a@acme.test') })
    const list = await t.control('GET', '/scim-configs')
    expect(list.body.map((c: any) => scimConfigViewSchema.parse(c).id)).toEqual(['acme-okta', 'acme-status-entra'])
    const one = await t.control('GET', '/scim-configs/acme-okta')
    expect(one.body).toMatchObject({
      kind: 'project',
      projectName: 'Acme',
      statusPageId: null,
      bearerToken: 'tok-acme-okta',
      defaultTeams: ['eng'],
      baseUrl: `${t.sb.origin}/scim/v2/acme-okta`,
      aliasUrl: `${t.sb.origin}/api/identity/scim/v2/acme-okta`,
      userCount: 1,
      groupCount: 0,
    })
    expect((await t.control('GET', '/scim-configs/acme-status-entra')).body).toMatchObject({ kind: 'statusPage', statusPageName: 'Acme Status', baseUrl: `${t.sb.origin}/status-page-scim/v2/acme-status-entra` })
    await refused(404, 'GET', '/scim-configs/nope')
  })

  it('create: readable ids, a generated token that works on real SCIM at once, defaults from the contract', async () => {
    const p = await t.control('POST', '/scim-configs', { body: { kind: 'project', projectId: 'acme', name: 'Okta', defaultTeams: ['ops'], enablePushGroups: true } })
    expect(p.status).toBe(201)
    const view = scimConfigViewSchema.parse(p.body)
    expect(view).toMatchObject({ id: 'acme-okta-2', autoProvisionUsers: true, autoDeprovisionUsers: true, compatibility: 'tolerant', description: '', defaultTeams: ['ops'] })
    expect(view.bearerToken).toMatch(/^tok-\S{16,}$/)
    expect(lastEvents()[0]).toMatchObject({ type: 'config.created', configId: 'acme-okta-2' })
    expect(lastEvents()[0]!.message).not.toContain(view.bearerToken)
    const created = await t.req('POST', '/scim/v2/acme-okta-2/Users', { token: view.bearerToken, body: user('new@acme.test') })
    expect(created.status).toBe(201)
    expect(created.headers.get('location')).toBe(`${view.baseUrl}/Users/${created.body.id}`)

    const s = await t.control('POST', '/scim-configs', { body: { kind: 'statusPage', projectId: 'acme', statusPageId: 'acme-status', name: 'Entra', bearerToken: 'my-own-token-0123456789' } })
    expect(s.status).toBe(201)
    expect(s.body).toMatchObject({ id: 'acme-status-entra-2', kind: 'statusPage', statusPageId: 'acme-status', bearerToken: 'my-own-token-0123456789', defaultTeams: [], enablePushGroups: false })
    expect((await t.req('GET', '/status-page-scim/v2/acme-status-entra-2/Users', { token: 'my-own-token-0123456789' })).status).toBe(200)
    // Kinds are kept apart: a status page config is not served under the project family.
    expect((await t.req('GET', '/scim/v2/acme-status-entra-2/Users', { token: 'my-own-token-0123456789' })).status).toBe(404)
  })

  it('create refuses bad input with issues at the field, unknown owners, taken ids: nothing changes', async () => {
    const teams = await refused(400, 'POST', '/scim-configs', { kind: 'project', projectId: 'acme', name: 'X', defaultTeams: ['eng', 'nope', 'eng'] })
    expect(teams.issues).toEqual([
      { path: ['defaultTeams', 1], message: 'no team "nope" in project "acme"' },
      { path: ['defaultTeams', 2], message: 'team "eng" is listed twice' },
    ])
    await t.control('POST', '/projects', { body: { id: 'other', name: 'Other' } })
    await t.control('POST', '/projects/other/teams', { body: { id: 'other-team', name: 'Other team' } })
    const foreign = await refused(400, 'POST', '/scim-configs', { kind: 'project', projectId: 'acme', name: 'X', defaultTeams: ['other-team'] })
    expect(foreign.issues![0]!.path).toEqual(['defaultTeams', 0])
    expect((await refused(400, 'POST', '/scim-configs', { kind: 'project', projectId: 'nope', name: 'X' })).issues![0]!.path).toEqual(['projectId'])
    expect((await refused(400, 'POST', '/scim-configs', { kind: 'statusPage', projectId: 'other', statusPageId: 'acme-status', name: 'X' })).issues![0]!.path).toEqual(['statusPageId'])
    const sp = await refused(400, 'POST', '/scim-configs', { kind: 'statusPage', projectId: 'acme', statusPageId: 'acme-status', name: 'X', defaultTeams: ['eng'] })
    expect(sp.issues).toEqual([{ path: ['defaultTeams'], message: 'unknown field "defaultTeams"' }])
    expect((await refused(400, 'POST', '/scim-configs', { kind: 'project', projectId: 'acme', name: 'X', bearerToken: 'short' })).issues![0]!.path).toEqual(['bearerToken'])
    expect((await refused(400, 'POST', '/scim-configs', { kind: 'ldap', projectId: 'acme', name: 'X' })).issues![0]!.path).toEqual(['kind'])
    await refused(409, 'POST', '/scim-configs', { kind: 'project', id: 'acme-okta', projectId: 'acme', name: 'X' })
    await refused(409, 'POST', '/scim-configs', { kind: 'project', id: 'acme-status-entra', projectId: 'acme', name: 'X' })
  })

  it('patch toggles take effect on the next real SCIM request', async () => {
    const off = await t.control('PATCH', '/scim-configs/acme-okta', { body: { autoProvisionUsers: false, enablePushGroups: false } })
    expect(off.status).toBe(200)
    expect(off.body).toMatchObject({ autoProvisionUsers: false, enablePushGroups: false })
    expect(lastEvents()[0]).toMatchObject({ type: 'config.updated', message: 'updated SCIM config Okta: autoProvisionUsers off, enablePushGroups off' })
    const refusedUser = await t.req('POST', `${U}/Users`, { body: user('a@acme.test') })
    expect(refusedUser.status).toBe(403)
    expect(refusedUser.body.detail).toMatch(/Auto Provision Users is off/)
    expect((await t.req('GET', `${U}/Groups`)).status).toBe(403)

    await t.control('PATCH', '/scim-configs/acme-okta', { body: { autoProvisionUsers: true, defaultTeams: ['ops'], compatibility: 'strict', name: 'Okta prod' } })
    const u = await t.req('POST', `${U}/Users`, { body: user('b@acme.test') })
    expect(u.status).toBe(201)
    const account = t.sb.store.get('scimUsers', u.body.id)!.accountId
    expect(t.sb.store.find('teamMembers', 'user', account).map((m) => m.teamId)).toEqual(['ops'])
    const strict = await t.req('PATCH', `${U}/Users/${u.body.id}`, { body: { schemas: [URN.patchOp], Operations: [{ op: 'Replace', path: 'displayName', value: 'B' }] } })
    expect(strict.status).toBe(400)
    expect(t.sb.store.get('scimConfigs', 'acme-okta')!.name).toBe('Okta prod')
  })

  it('patch refuses default teams and push groups on a status page config, bad teams, unknown fields and ids: nothing changes', async () => {
    const sp = await refused(400, 'PATCH', '/scim-configs/acme-status-entra', { defaultTeams: ['eng'], enablePushGroups: true })
    expect(sp.issues!.map((i) => i.path)).toEqual([['defaultTeams'], ['enablePushGroups']])
    expect((await refused(400, 'PATCH', '/scim-configs/acme-okta', { defaultTeams: ['eng', 'ghost'] })).issues).toEqual([{ path: ['defaultTeams', 1], message: 'no team "ghost" in project "acme"' }])
    expect((await refused(400, 'PATCH', '/scim-configs/acme-okta', { bearerToken: 'x'.repeat(20) })).issues).toEqual([{ path: ['bearerToken'], message: 'unknown field "bearerToken"' }])
    await refused(400, 'PATCH', '/scim-configs/acme-okta', { compatibility: 'lenient' })
    await refused(404, 'PATCH', '/scim-configs/nope', { name: 'X' })
    await refused(404, 'DELETE', '/scim-configs/nope')
    await refused(404, 'POST', '/scim-configs/nope/rotate-token', {})
  })

  it('rotate-token: the old token is refused at once (401), the new one works; the event and the log never show it', async () => {
    expect((await t.req('GET', `${U}/Users`)).status).toBe(200)
    const r = await t.control('POST', '/scim-configs/acme-okta/rotate-token', { headers: { 'X-Scim-Sandbox-Source': 'ui' } })
    expect(r.status).toBe(200)
    const token = scimConfigViewSchema.parse(r.body).bearerToken
    expect(token).not.toBe('tok-acme-okta')
    expect(token).toMatch(/^tok-\S{16,}$/)
    const old = await t.req('GET', `${U}/Users`)
    expect(old.status).toBe(401)
    expect((await t.req('GET', `${U}/Users`, { token })).status).toBe(200)

    const entry = t.sb.log.get(t.sb.log.page({ path: 'rotate-token', limit: 1 } as any).entries[0]!.seq)!
    expect(entry).toMatchObject({ method: 'POST', status: 200, source: 'ui', configId: 'acme-okta', surface: 'control' })
    expect(entry.events).toEqual([expect.objectContaining({ type: 'config.tokenRotated', configId: 'acme-okta' })])
    expect(JSON.stringify(entry)).not.toContain(token)

    const own = await t.control('POST', '/scim-configs/acme-okta/rotate-token', { body: { bearerToken: 'chosen-token-0123456789' } })
    expect(own.body.bearerToken).toBe('chosen-token-0123456789')
    expect((await t.req('GET', `${U}/Users`, { token })).status).toBe(401)
    expect((await t.req('GET', `${U}/Users`, { token: 'chosen-token-0123456789' })).status).toBe(200)
    const ownEntry = t.sb.log.get(t.sb.log.page({ path: 'rotate-token', limit: 1 } as any).entries[0]!.seq)!
    expect(JSON.stringify(ownEntry)).not.toContain('chosen-token-0123456789')
    await refused(400, 'POST', '/scim-configs/acme-okta/rotate-token', { bearerToken: 'chosen-token-0123456789' })
    await refused(400, 'POST', '/scim-configs/acme-okta/rotate-token', { bearerToken: 'has spaces in it, sorry' })
  })

  it('DELETE removes its SCIM resources; accounts and memberships stay; teams its Groups made stay without it', async () => {
    const u = await t.req('POST', `${U}/Users`, { body: user('a@acme.test') })
    const g = await t.req('POST', `${U}/Groups`, { body: { schemas: [URN.group], displayName: 'Platform', members: [{ value: u.body.id }] } })
    const teamId = t.sb.store.get('scimGroups', g.body.id)!.teamId
    const accountId = t.sb.store.get('scimUsers', u.body.id)!.accountId
    const memberships = t.sb.store.find('teamMembers', 'user', accountId).length
    expect(memberships).toBe(2)

    expect((await t.control('DELETE', '/scim-configs/acme-okta')).status).toBe(204)
    expect(t.sb.store.get('scimConfigs', 'acme-okta')).toBeUndefined()
    expect(count('scimUsers')).toBe(0)
    expect(count('scimGroups')).toBe(0)
    expect(t.sb.store.get('accounts', accountId)).toBeDefined()
    expect(t.sb.store.find('teamMembers', 'user', accountId)).toHaveLength(memberships)
    expect(t.sb.store.get('teams', teamId)).toMatchObject({ name: 'Platform', scimConfigId: null })
    expect(lastEvents()[0]!.message).toBe('deleted SCIM config Okta with 1 SCIM user and 1 group; accounts and team memberships stay')
    expect((await t.req('GET', `${U}/Users`)).status).toBe(404)
  })
})
