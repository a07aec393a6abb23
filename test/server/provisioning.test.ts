import { afterEach, describe, expect, it } from 'vitest'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

const U = '/scim/v2/acme-okta'
const SP = '/status-page-scim/v2/acme-status-entra'
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
const user = (email: string, active = true) => ({ schemas: [USER], userName: email, emails: [{ value: email, primary: true, type: 'work' }], active })
const deactivate = { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] }
const reactivate = { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: true }] }

let t: TestSandbox | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

function teamsOf(sb: TestSandbox, email: string): string[] {
  const acc = sb.sb.store.findOne('accounts', 'projectEmail', `acme\u0000${email.toLowerCase()}`)
  if (!acc) return []
  return sb.sb.store.find('teamMembers', 'user', acc.id).map((m) => sb.sb.store.get('teams', m.teamId)!.name).sort()
}
const accountsWith = (sb: TestSandbox, email: string) => [...sb.sb.store.all('accounts')].filter((a) => a.email.toLowerCase() === email.toLowerCase())

describe('Project SCIM provisioning rules (PRODUCT.md §4)', () => {
  it('auto provision reuses the existing account by email and adds it to the default teams', async () => {
    t = await startTestSandbox()
    const r = await t.req('POST', `${U}/Users`, { body: user('Existing@acme.test') })
    expect(r.status).toBe(201)
    expect(accountsWith(t, 'existing@acme.test')).toHaveLength(1)
    expect(teamsOf(t, 'existing@acme.test')).toEqual(['Engineering', 'Operations'])
    const events = t.sb.log.get(t.sb.log.page({ limit: 1 } as any).entries[0]!.seq)!.events.map((e) => e.type)
    expect(events).toContain('account.linked')
    expect(events).not.toContain('account.created')
  })

  it('a new email creates one account; a second POST of the same userName is 409', async () => {
    t = await startTestSandbox()
    expect((await t.req('POST', `${U}/Users`, { body: user('new@acme.test') })).status).toBe(201)
    expect(accountsWith(t, 'new@acme.test')).toHaveLength(1)
    expect((await t.req('POST', `${U}/Users`, { body: user('NEW@acme.test') })).status).toBe(409)
    expect(accountsWith(t, 'new@acme.test')).toHaveLength(1)
  })

  it('/Users lists only what this config provisioned, active or not, never seeded accounts', async () => {
    t = await startTestSandbox()
    const a = await t.req('POST', `${U}/Users`, { body: user('a@acme.test') })
    await t.req('PATCH', `${U}/Users/${a.body.id}`, { body: deactivate })
    const list = await t.req('GET', `${U}/Users`)
    expect(list.body.Resources.map((r: any) => [r.userName, r.active])).toEqual([['a@acme.test', false]])
  })

  it('deactivation removes default-team and group-team memberships; reactivation restores exactly those; the account stays', async () => {
    t = await startTestSandbox()
    const u = await t.req('POST', `${U}/Users`, { body: user('mover@acme.test') })
    const g = await t.req('POST', `${U}/Groups`, { body: { schemas: [GROUP], displayName: 'Platform', members: [{ value: u.body.id }] } })
    expect(g.status).toBe(201)
    expect(teamsOf(t, 'mover@acme.test')).toEqual(['Engineering', 'Platform'])
    const d = await t.req('PATCH', `${U}/Users/${u.body.id}`, { body: deactivate })
    expect(d.body.active).toBe(false)
    expect(teamsOf(t, 'mover@acme.test')).toEqual([])
    expect(accountsWith(t, 'mover@acme.test')).toHaveLength(1)
    const r = await t.req('PATCH', `${U}/Users/${u.body.id}`, { body: reactivate })
    expect(r.body.active).toBe(true)
    expect(teamsOf(t, 'mover@acme.test')).toEqual(['Engineering', 'Platform'])
  })

  it('deactivation by PUT active:false and by every IdP dialect works the same', async () => {
    t = await startTestSandbox()
    const dialects = [
      { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] }, // Entra legacy b.1.7
      { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'false' }] }, // Entra 2025 traffic b.1.7
      { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] }, // Okta b.2.5
      deactivate, // RFC
    ]
    for (const [i, body] of dialects.entries()) {
      const u = await t.req('POST', `${U}/Users`, { body: user(`d${i}@acme.test`) })
      expect(teamsOf(t, `d${i}@acme.test`)).toEqual(['Engineering'])
      const r = await t.req('PATCH', `${U}/Users/${u.body.id}`, { body })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body.active).toBe(false)
      expect(teamsOf(t, `d${i}@acme.test`)).toEqual([])
    }
    const p = await t.req('POST', `${U}/Users`, { body: user('put@acme.test') })
    const put = await t.req('PUT', `${U}/Users/${p.body.id}`, { body: user('put@acme.test', false) })
    expect(put.body.active).toBe(false)
    expect(teamsOf(t, 'put@acme.test')).toEqual([])
  })

  it('DELETE removes the SCIM resource (then 404) and its memberships; the account stays', async () => {
    t = await startTestSandbox()
    const u = await t.req('POST', `${U}/Users`, { body: user('leaver@acme.test') })
    const g = await t.req('POST', `${U}/Groups`, { body: { schemas: [GROUP], displayName: 'Leavers', members: [{ value: u.body.id }] } })
    expect((await t.req('DELETE', `${U}/Users/${u.body.id}`)).status).toBe(204)
    expect((await t.req('GET', `${U}/Users/${u.body.id}`)).status).toBe(404)
    expect(teamsOf(t, 'leaver@acme.test')).toEqual([])
    expect(accountsWith(t, 'leaver@acme.test')).toHaveLength(1)
    expect((await t.req('GET', `${U}/Groups/${g.body.id}`)).body.members).toEqual([])
  })

  it('Auto Deprovision off: the resource changes as asked, memberships stay, and the log says deprovisioning is off', async () => {
    t = await startTestSandbox({ mutateSeed: (s) => (s.projects[0].scim[0].autoDeprovisionUsers = false) })
    const u = await t.req('POST', `${U}/Users`, { body: user('stays@acme.test') })
    const d = await t.req('PATCH', `${U}/Users/${u.body.id}`, { body: deactivate })
    expect(d.body.active).toBe(false)
    expect(teamsOf(t, 'stays@acme.test')).toEqual(['Engineering'])
    const entry = t.sb.log.get(t.sb.log.page({ limit: 1 } as any).entries[0]!.seq)!
    expect(entry.events.find((e) => e.type === 'deprovision.skipped')?.message).toMatch(/auto deprovisioning is off/)
  })

  it('push groups: create → team, rename → team renamed, members add/remove → memberships, delete → team gone', async () => {
    t = await startTestSandbox()
    const a = await t.req('POST', `${U}/Users`, { body: user('ga@acme.test') })
    const b = await t.req('POST', `${U}/Users`, { body: user('gb@acme.test') })
    const g = await t.req('POST', `${U}/Groups`, { body: { schemas: [GROUP], displayName: 'Sales', members: [] } })
    const teamId = t.sb.store.get('scimGroups', g.body.id)!.teamId
    expect(t.sb.store.get('teams', teamId)).toMatchObject({ name: 'Sales', scimConfigId: 'acme-okta' })
    await t.req('PATCH', `${U}/Groups/${g.body.id}`, { body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: a.body.id }, { value: b.body.id }] }] } })
    expect(teamsOf(t, 'ga@acme.test')).toContain('Sales')
    expect(teamsOf(t, 'gb@acme.test')).toContain('Sales')
    const ren = await t.req('PATCH', `${U}/Groups/${g.body.id}`, { body: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'displayName', value: 'Sales EMEA' }] } })
    expect(ren.status).toBe(204)
    expect(t.sb.store.get('teams', teamId)!.name).toBe('Sales EMEA')
    await t.req('PATCH', `${U}/Groups/${g.body.id}`, { body: { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${a.body.id}"]` }] } })
    expect(teamsOf(t, 'ga@acme.test')).toEqual(['Engineering'])
    expect(teamsOf(t, 'gb@acme.test')).toEqual(['Engineering', 'Sales EMEA'])
    const user2 = await t.req('GET', `${U}/Users/${b.body.id}`)
    expect(user2.body.groups).toEqual([expect.objectContaining({ value: g.body.id, display: 'Sales EMEA' })])
    expect((await t.req('DELETE', `${U}/Groups/${g.body.id}`)).status).toBe(204)
    expect(t.sb.store.get('teams', teamId)).toBeUndefined()
    expect(teamsOf(t, 'gb@acme.test')).toEqual(['Engineering'])
  })

  it('/Groups lists only pushed groups (default teams are not SCIM Groups); duplicate displayName is 409', async () => {
    t = await startTestSandbox()
    expect((await t.req('GET', `${U}/Groups`)).body.totalResults).toBe(0)
    await t.req('POST', `${U}/Groups`, { body: { schemas: [GROUP], displayName: 'Pushed' } })
    const list = await t.req('GET', `${U}/Groups`)
    expect(list.body.Resources.map((g: any) => g.displayName)).toEqual(['Pushed'])
    expect((await t.req('POST', `${U}/Groups`, { body: { schemas: [GROUP], displayName: 'pushed' } })).status).toBe(409)
  })

  it('Push Groups off: Groups requests are refused with a SCIM error', async () => {
    t = await startTestSandbox({ mutateSeed: (s) => (s.projects[0].scim[0].enablePushGroups = false) })
    const r = await t.req('POST', `${U}/Groups`, { body: { schemas: [GROUP], displayName: 'Nope' } })
    expect(r.status).toBe(403)
    expect(r.body.detail).toMatch(/Push Groups is off/)
    expect([...t.sb.store.all('teams')].map((x) => x.name).sort()).toEqual(['Engineering', 'Operations'])
  })
})

describe('Status Page SCIM: private users', () => {
  const SPT = { token: 'tok-acme-status' }
  it('provisioning makes a private user; deactivation takes access away and reactivation gives it back; DELETE → 404', async () => {
    t = await startTestSandbox()
    const u = await t.req('POST', `${SP}/Users`, { ...SPT, body: user('viewer@acme.test') })
    expect(u.status).toBe(201)
    expect(u.headers.get('location')).toBe(`${t.sb.origin}${SP}/Users/${u.body.id}`)
    const pu = () => [...t!.sb.store.all('privateUsers')].find((p) => p.email === 'viewer@acme.test')
    expect(pu()).toMatchObject({ statusPageId: 'acme-status', active: true })
    await t.req('PATCH', `${SP}/Users/${u.body.id}`, { ...SPT, body: { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] } })
    expect(pu()!.active).toBe(false)
    await t.req('PATCH', `${SP}/Users/${u.body.id}`, { ...SPT, body: reactivate })
    expect(pu()!.active).toBe(true)
    expect((await t.req('DELETE', `${SP}/Users/${u.body.id}`, SPT)).status).toBe(204)
    expect((await t.req('GET', `${SP}/Users/${u.body.id}`, SPT)).status).toBe(404)
    expect(pu()!.active).toBe(false)
    // the project's /Users never sees status page users
    expect((await t.req('GET', `${U}/Users`)).body.totalResults).toBe(0)
  })
})
