import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it } from 'vitest'
import { workspaceReplacedSchema } from '@shared/control'
import { seedSchema } from '@shared/seed'
import { startSandbox } from '../../src-main/server/sandbox'
import { demoSeed } from '../../src-main/server/seed'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'
import { URN } from '../helpers/scim'

const U = '/scim/v2/acme-okta'
const SP = '/status-page-scim/v2/acme-status-entra'
const user = (email: string, extra: Record<string, unknown> = {}) => ({ schemas: [URN.user], userName: email, emails: [{ value: email, primary: true, type: 'work' }], ...extra })
const deactivate = { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'active', value: false }] }
const reactivate = { schemas: [URN.patchOp], Operations: [{ op: 'replace', path: 'active', value: true }] }

/** The demo tenant's IAM graph, one action with an external id and a later version, in the example seed's tenant-1. */
function withIamGraph(seed: any) {
  const resources: any[] = structuredClone(demoSeed().iam.tenants[0]!.resources)
  Object.assign(resources[0], { externalId: 'ext-read', version: 3, createdAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-02-03T04:05:06.000Z' })
  seed.iam.tenants[0].resources = resources
}

let t: TestSandbox | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

/** A workspace with something of everything: SCIM users (one deactivated), nested pushed groups, a deprovisioned private user, UI-made things. */
async function richWorkspace(s: TestSandbox) {
  const alice = await s.req('POST', `${U}/Users`, { body: user('alice@acme.test', { externalId: 'okta-1', name: { givenName: 'Alice', familyName: 'A' } }) })
  const bob = await s.req('POST', `${U}/Users`, { body: user('bob@acme.test') })
  const platform = await s.req('POST', `${U}/Groups`, { body: { schemas: [URN.group], displayName: 'Platform', externalId: 'grp-1', members: [{ value: alice.body.id }, { value: bob.body.id }] } })
  const all = await s.req('POST', `${U}/Groups`, { body: { schemas: [URN.group], displayName: 'All', members: [{ value: platform.body.id }] } })
  expect((await s.req('PATCH', `${U}/Users/${bob.body.id}`, { body: deactivate })).status).toBe(200)
  const viewer = await s.req('POST', `${SP}/Users`, { token: 'tok-acme-status', body: user('viewer@acme.test') })
  expect((await s.req('PATCH', `${SP}/Users/${viewer.body.id}`, { token: 'tok-acme-status', body: deactivate })).status).toBe(200)
  expect((await s.control('POST', '/projects', { body: { name: 'Globex' } })).status).toBe(201)
  expect((await s.control('POST', '/projects/globex/teams', { body: { name: 'Support' } })).status).toBe(201)
  expect((await s.control('POST', '/scim-configs', { body: { kind: 'project', projectId: 'globex', name: 'Entra', bearerToken: 'globex-entra-token-0001', defaultTeams: ['support'], compatibility: 'strict', description: 'customer 4711' } })).status).toBe(201)
  return { alice: alice.body, bob: bob.body, platform: platform.body, all: all.body, viewer: viewer.body }
}

describe('workspace reset', () => {
  it('to the demo: fresh random secrets returned once, old tokens refused, new ones work, provisioned users gone', async () => {
    t = await startTestSandbox()
    await t.req('POST', `${U}/Users`, { body: user('a@acme.test') })
    const r = await t.control('POST', '/workspace/reset', { body: { to: 'demo' } })
    expect(r.status).toBe(200)
    const out = workspaceReplacedSchema.parse(r.body)
    expect(out.secrets!.iamTokens).toEqual([{ tenantId: 'tenant-1', name: 'idp', token: expect.stringMatching(/^tok-iam-/) }])
    expect(out.secrets!.apiKeys.map((k) => k.name)).toEqual(['owner', 'reader'])
    expect(out.secrets!.oauthClients).toEqual([{ clientId: 'admin-cli', clientSecret: expect.stringMatching(/^sec-/) }])
    const okta = out.info.endpoints.find((e) => e.id === 'acme-okta')!
    expect(okta.token).toMatch(/^tok-/)
    expect(okta.token).not.toBe('tok-acme-okta')
    expect(out.info.counts.scimUsers).toBe(0)
    expect((await t.req('GET', `${U}/Users`)).status).toBe(401)
    const list = await t.req('GET', `${U}/Users`, { token: okta.token! })
    expect(list.status).toBe(200)
    expect(list.body.totalResults).toBe(0)
    // The log entry of the reset says what happened, and shows no secret.
    const entry = t.sb.log.get(t.sb.log.page({ path: '/workspace/reset', limit: 1 } as any).entries[0]!.seq)!
    expect(entry.events.map((e) => e.type)).toEqual(['workspace.replaced'])
    expect(JSON.stringify(entry)).not.toContain(okta.token!)
    expect(JSON.stringify(entry)).not.toContain(out.secrets!.iamTokens[0]!.token)
    // Without a body, the default is the demo too.
    const again = await t.control('POST', '/workspace/reset')
    expect(again.status).toBe(200)
    expect(again.body.secrets.apiKeys).toHaveLength(2)
  })

  it('to empty: no projects at all, no secrets; SCIM endpoints are gone', async () => {
    t = await startTestSandbox()
    const r = await t.control('POST', '/workspace/reset', { body: { to: 'empty' } })
    expect(r.status).toBe(200)
    expect(r.body.secrets).toBeNull()
    expect(r.body.info.endpoints).toEqual([])
    expect(Object.values(r.body.info.counts).every((n) => n === 0)).toBe(true)
    expect((await t.control('GET', '/projects')).body).toEqual([])
    expect((await t.req('GET', `${U}/Users`)).status).toBe(404)
  })

  it('a bad reset body is 400 and changes nothing', async () => {
    t = await startTestSandbox()
    const before = t.snapshot()
    const r = await t.control('POST', '/workspace/reset', { body: { to: 'everything' } })
    expect(r.status).toBe(400)
    expect(r.body.issues[0].path).toEqual(['to'])
    expect(t.snapshot()).toBe(before)
  })
})

describe('workspace export and import', () => {
  it('export is a seed document: digests for stored secrets, config tokens as they are, provisioned SCIM resources', async () => {
    t = await startTestSandbox()
    const { alice, bob, platform, viewer } = await richWorkspace(t)
    const r = await t.control('GET', '/workspace/export')
    expect(r.status).toBe(200)
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="scim-sandbox-[\dT-]+\.seed\.json"$/)
    const seed = seedSchema.parse(r.body)
    for (const secret of ['key-owner', 'key-reader', 's3cret', 'tok-iam-tenant-1']) expect(r.text).not.toContain(secret)
    expect(r.body.projects[0].apiKeys[0]).toEqual({ id: expect.any(String), name: 'owner', keySha256: expect.stringMatching(/^[0-9a-f]{64}$/), keyPrefix: 'key-ow', permissions: ['ProjectOwner'] })
    expect(r.body.iam.tenants[0].scimTokens[0].tokenSha256).toMatch(/^[0-9a-f]{64}$/)
    expect(r.body.iam.oauthClients[0].clientSecretSha256).toMatch(/^[0-9a-f]{64}$/)

    const acme = seed.projects.find((p) => p.id === 'acme')!
    const okta = acme.scim.find((s) => s.id === 'acme-okta')!
    expect(okta.bearerToken).toBe('tok-acme-okta')
    expect(okta.provisioned!.users.map((u) => [u.id, u.accountEmail, u.data.active ?? true, u.version])).toEqual([
      [alice.id, 'alice@acme.test', true, 1],
      [bob.id, 'bob@acme.test', false, 2],
    ])
    const platformTeam = t.sb.store.get('scimGroups', platform.id)!.teamId
    expect(okta.provisioned!.users[1]!.suspendedTeams).toEqual(['eng', platformTeam])
    expect(okta.provisioned!.groups.map((g) => [g.id, g.teamId, g.data.displayName])).toEqual([
      [platform.id, platformTeam, 'Platform'],
      [expect.any(String), expect.any(String), 'All'],
    ])
    const entra = acme.statusPages[0]!.scim[0]!
    expect(entra.provisioned!.users).toEqual([expect.objectContaining({ id: viewer.id, accountEmail: 'viewer@acme.test' })])
    expect(acme.statusPages[0]!.privateUsers).toEqual([{ id: expect.any(String), email: 'viewer@acme.test', active: false }])
    expect(seed.projects.find((p) => p.id === 'globex')!.scim[0]).toMatchObject({ id: 'globex-entra', bearerToken: 'globex-entra-token-0001', defaultTeams: ['support'], compatibility: 'strict', description: 'customer 4711' })
  })

  it('export → import → export is the identical document, the SCIM resources behave the same, and it survives a restart', async () => {
    t = await startTestSandbox({ mutateSeed: withIamGraph })
    const { alice, bob, platform, all } = await richWorkspace(t)
    const before = {
      alice: (await t.req('GET', `${U}/Users/${alice.id}`)).body,
      platform: (await t.req('GET', `${U}/Groups/${platform.id}`)).body,
      iamGraph: (await t.control('GET', '/iam-tenants/tenant-1/graph')).body,
    }
    expect(before.iamGraph.roles.map((r: any) => r.name)).toEqual(['Release manager'])
    const first = await t.control('GET', '/workspace/export')
    // The IAM resources are in the export as stored: kind, id, external id, data, version and timestamps; no password.
    const exportedIam = first.body.iam.tenants[0].resources
    expect(exportedIam).toHaveLength(10)
    expect(exportedIam[0]).toEqual({ kind: 'action', id: 'act-read', externalId: 'ext-read', data: { name: 'read', description: 'Read a resource', client_id: '' }, version: 3, createdAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-02-03T04:05:06.000Z' })
    expect(first.text).not.toMatch(/password/i)

    expect((await t.control('POST', '/workspace/reset', { body: { to: 'empty' } })).status).toBe(200)
    expect(t.sb.store.size('scimUsers')).toBe(0)
    const imported = await t.control('POST', '/workspace/import', { raw: first.text })
    expect(imported.status).toBe(200)
    const out = workspaceReplacedSchema.parse(imported.body)
    expect(out.secrets).toBeNull()
    expect(out.info.counts).toMatchObject({ projects: 2, scimUsers: 3, scimGroups: 2 })

    const second = await t.control('GET', '/workspace/export')
    expect(second.text).toBe(first.text)
    expect((await t.control('GET', '/iam-tenants/tenant-1/graph')).body).toEqual(before.iamGraph)
    expect(t.sb.store.get('iamResources', 'act-read')).toMatchObject({ tenantId: 'tenant-1', externalId: 'ext-read', version: 3, passwordSha256: null })

    // The same resources, the same ETags and timestamps, the same members; the IdP sees no difference.
    expect((await t.req('GET', `${U}/Users/${alice.id}`)).body).toEqual(before.alice)
    expect((await t.req('GET', `${U}/Groups/${platform.id}`)).body).toEqual(before.platform)
    expect((await t.req('GET', `${U}/Groups/${all.id}`)).body.members.map((m: any) => m.value)).toEqual([platform.id])
    // Suspended teams came along: reactivating bob gives back exactly what his deactivation took.
    const bobAccount = t.sb.store.get('scimUsers', bob.id)!.accountId
    expect(t.sb.store.find('teamMembers', 'user', bobAccount)).toEqual([])
    expect((await t.req('PATCH', `${U}/Users/${bob.id}`, { body: reactivate })).status).toBe(200)
    const bobTeams = t.sb.store.find('teamMembers', 'user', bobAccount).map((m) => m.teamId)
    expect(bobTeams).toEqual(['eng', t.sb.store.get('scimGroups', platform.id)!.teamId])
    // A userName the imported config already holds is still a conflict.
    expect((await t.req('POST', `${U}/Users`, { body: user('alice@acme.test') })).status).toBe(409)
    expect((await t.req('GET', '/scim/v2/globex-entra/Users', { token: 'globex-entra-token-0001' })).status).toBe(200)

    // Restart on the same workspace file, without a seed: the same document.
    const expected = (await t.control('GET', '/workspace/export')).text
    await t.sb.close()
    const again = await startSandbox({ port: 0, dataFile: t.sb.dataFile })
    try {
      const res = await fetch(`${again.localOrigin}/_sandbox/api/workspace/export`, { headers: { 'X-Sandbox-Secret': again.adminSecret } })
      expect(await res.text()).toBe(expected)
    } finally {
      await again.close()
      await rm(t.dir, { recursive: true, force: true })
      t = undefined
    }
  })

  it('a bad seed is 400 with an issue per problem (path and message, unknown fields named) and changes nothing', async () => {
    t = await startTestSandbox()
    await richWorkspace(t)
    const exported = (await t.control('GET', '/workspace/export')).body
    const before = t.snapshot()
    const bad = async (body: unknown, raw?: string) => {
      const r = await t!.control('POST', '/workspace/import', raw === undefined ? { body } : { raw })
      expect(r.status, r.text).toBe(400)
      expect(t!.snapshot()).toBe(before)
      return r.body as { error: string; issues?: { path: (string | number)[]; message: string }[] }
    }

    const unknown = await bad({ projects: [{ id: 'p', name: 'P', colour: 'red' }] })
    expect(unknown.issues).toEqual([{ path: ['projects', 0, 'colour'], message: 'unknown field "colour"' }])
    expect(unknown.error).toMatch(/^the seed is invalid: projects\.0\.colour: unknown field "colour"/)

    const broken = structuredClone(exported)
    const okta = broken.projects[0].scim[0]
    okta.provisioned.users[0].accountEmail = 'nobody@acme.test'
    okta.provisioned.groups[0].data.members.push({ value: 'no-such-user' })
    okta.provisioned.groups[1].teamId = okta.provisioned.groups[0].teamId
    okta.provisioned.users[1].data.id = 'x'
    const issues = (await bad(broken)).issues!
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: ['projects', 0, 'scim', 0, 'provisioned', 'users', 1, 'data'], message: expect.stringMatching(/"id" and "meta" are derived/) },
        { path: ['projects', 0, 'scim', 0, 'provisioned', 'users', 0, 'accountEmail'], message: 'no account with email "nobody@acme.test" in project "acme"' },
        { path: ['projects', 0, 'scim', 0, 'provisioned', 'groups', 0, 'data', 'members', 2, 'value'], message: 'member "no-such-user" is not a User or Group provisioned through this config' },
        { path: ['projects', 0, 'scim', 0, 'provisioned', 'groups', 1, 'teamId'], message: expect.stringMatching(/is already the team of the group/) },
      ]),
    )

    const dupId = structuredClone(exported)
    dupId.projects[0].scim[0].provisioned.groups[0].id = dupId.projects[0].scim[0].provisioned.users[0].id
    expect((await bad(dupId)).issues![0]!.message).toMatch(/duplicate scim resource id/)

    expect((await bad(undefined, '{"projects": [')).error).toMatch(/not valid JSON/)
    expect((await bad(undefined, '')).error).toMatch(/seed document/)
    expect((await bad([])).error).toMatch(/seed document/)
    expect((await bad({ iam: { tenants: [{ id: 't', name: 'T', scimTokens: [{ name: 'x' }] }] } })).issues![0]!.message).toMatch(/exactly one of "token" or "tokenSha256"/)
  })

  it('a seed’s IAM resources are checked: every id referred to is in the same tenant with the right kind, names unique, no passwords', async () => {
    t = await startTestSandbox()
    const before = t.snapshot()
    const demo = demoSeed().iam.tenants[0]!.resources
    const tenant = (id: string, resources: unknown[]) => ({ id, name: id, resources })
    const refused = async (seed: unknown) => {
      const r = await t!.control('POST', '/workspace/import', { body: seed })
      expect(r.status, r.text).toBe(400)
      expect(t!.snapshot()).toBe(before)
      return r.body.issues as { path: (string | number)[]; message: string }[]
    }
    const broken: any[] = structuredClone(demo)
    const at = (id: string) => broken.findIndex((r) => r.id === id)
    broken[at('perm-deploy-checkout')].data.statements[0].resource = 'res-gone'
    broken[at('perm-deploy-checkout')].data.statements[0].actions.push('rt-service')
    broken[at('role-release-manager')].data.members.push({ value: 'usr-nobody', type: 'User' })
    broken[at('res-checkout-api')].data.type = 'act-read'
    broken[at('act-write')].data.name = 'READ'
    broken[at('usr-ada')].data.password = 'hunter22'
    const R = ['iam', 'tenants', 0, 'resources']
    const issues = await refused({ iam: { tenants: [tenant('t1', broken)] } })
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: [...R, at('perm-deploy-checkout'), 'data', 'statements', 0, 'resource'], message: 'no resource "res-gone" in tenant "t1"' },
        { path: [...R, at('perm-deploy-checkout'), 'data', 'statements', 0, 'actions', 1], message: '"rt-service" is a resource type, not an action' },
        { path: [...R, at('role-release-manager'), 'data', 'members', 2, 'value'], message: 'no user "usr-nobody" in tenant "t1"' },
        { path: [...R, at('res-checkout-api'), 'data', 'type'], message: '"act-read" is an action, not a resource type' },
        { path: [...R, at('act-write'), 'data', 'name'], message: 'name "READ" is given to two actions of tenant "t1"' },
        { path: [...R, at('usr-ada'), 'data'], message: expect.stringMatching(/passwords are never in a seed/) },
      ]),
    )
    // An id of another tenant does not resolve; ids are unique across tenants.
    const cross = await refused({ iam: { tenants: [tenant('t1', demo.filter((r) => r.kind === 'action')), tenant('t2', demo.filter((r) => r.kind === 'resourceType' || r.kind === 'action'))] } })
    expect(cross).toEqual(expect.arrayContaining([{ path: ['iam', 'tenants', 1, 'resources', 0, 'id'], message: 'duplicate iam resource id "act-read" (first at iam.tenants.0.resources.0.id)' }]))
    const other = await refused({ iam: { tenants: [tenant('t1', demo.filter((r) => r.kind === 'action')), tenant('t2', demo.filter((r) => r.kind === 'resourceType'))] } })
    expect(other).toEqual([{ path: ['iam', 'tenants', 1, 'resources', 0, 'data', 'actions', 0], message: 'no action "act-read" in tenant "t2"' }, { path: ['iam', 'tenants', 1, 'resources', 0, 'data', 'actions', 1], message: 'no action "act-deploy" in tenant "t2"' }])
    expect((await refused({ iam: { tenants: [tenant('t1', [{ kind: 'action', id: 'a', data: { name: 'x' }, colour: 'red' }])] } }))[0]).toEqual({ path: [...R, 0, 'colour'], message: 'unknown field "colour"' })
  })

  it('an old seed (no provisioned resources) still imports; its secrets are not echoed back', async () => {
    t = await startTestSandbox()
    const seed = {
      projects: [{ id: 'p', name: 'P', teams: [{ id: 't1', name: 'T1' }], users: [{ email: 'x@p.test', teams: ['t1'] }], scim: [{ id: 'p-okta', name: 'Okta', bearerToken: 'tok-p-okta-123' }] }],
      iam: { oauthClients: [{ clientId: 'cli', clientSecret: 'cli-secret' }] },
    }
    const r = await t.control('POST', '/workspace/import', { body: seed })
    expect(r.status).toBe(200)
    expect(r.body.secrets).toBeNull()
    expect(r.body.info.endpoints.map((e: any) => e.id)).toEqual(['p-okta'])
    expect((await t.req('GET', '/scim/v2/p-okta/Users', { token: 'tok-p-okta-123' })).status).toBe(200)
    expect((await t.req('GET', `${U}/Users`)).status).toBe(404)
  })

  it('import takes a seed larger than the ordinary body limit', async () => {
    t = await startTestSandbox({ bodyLimit: 4096 })
    const users = Array.from({ length: 200 }, (_, i) => ({ email: `user${i}@big.test`, name: `User ${i}` }))
    const r = await t.control('POST', '/workspace/import', { body: { projects: [{ id: 'big', name: 'Big', users }] } })
    expect(r.status).toBe(200)
    expect(r.body.info.counts.accounts).toBe(200)
    const tooBig = await t.control('POST', '/projects', { body: { name: 'x'.repeat(5000) } })
    expect(tooBig.status).toBe(413)
    expect(tooBig.body.error).toMatch(/larger than the limit of 4096 bytes/)
  })
})
