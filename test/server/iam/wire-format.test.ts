import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSandbox, type TestSandbox } from '../../helpers/sandbox'
import { create, newTenant, PATCH_OP, type IamTenantHandle } from './helpers'

/**
 * A tenant's wire format: the reference's envelope by default; switched to 'rfc7643' it answers the same resources as
 * RFC 7643 JSON, so Okta, Entra and the IdP simulator (which read plain SCIM) can be pointed at it.
 */

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
let t: TestSandbox
let tn: IamTenantHandle
type Obj = Record<string, any>

beforeAll(async () => {
  t = await startTestSandbox()
  tn = await newTenant(t, 'Wire')
})
afterAll(async () => {
  await t?.close()
})

const setWire = async (wireFormat: string) => {
  const r = await t.control('PATCH', `/iam-tenants/${tn.id}`, { body: { wireFormat } })
  expect(r.status, r.text).toBe(200)
  return r.body
}

describe('IAM tenant wire format', () => {
  it('is the reference envelope by default, RFC 7643 JSON once switched, and back: the same resources either way', async () => {
    const views = (await t.control('GET', '/iam-tenants')).body as Obj[]
    expect(views.find((v) => v.id === tn.id)?.wireFormat).toBe('reference')
    const g = await create(tn, 'group', { displayName: 'Ops' })
    const u = await create(tn, 'user', { userName: 'wire@example.com', externalId: 'ext-1', name: { givenName: 'W' } })
    expect(u.attributes.userName).toBe('wire@example.com')

    const view = await setWire('rfc7643')
    expect(view).toMatchObject({ id: tn.id, wireFormat: 'rfc7643' })

    // Single resources: attributes at the top level, externalId a string, no envelope keys.
    const one = (await tn.call('GET', `Users/${u.id}`)).body
    expect(one).toEqual({
      schemas: u.schemas,
      id: u.id,
      externalId: 'ext-1',
      active: true,
      name: { givenName: 'W' },
      userName: 'wire@example.com',
      meta: u.meta,
    })
    // Lists: an RFC 7644 ListResponse with `Resources`.
    const list = (await tn.call('GET', 'Users?filter=userName%20eq%20%22WIRE@example.com%22')).body
    expect(list).toEqual({ schemas: [LIST_RESPONSE], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [one] })
    // Writes answer the resource too — a PUT of Users included (RFC 7644 §3.5.1), not the reference's list.
    const created = await tn.call('POST', 'Users', { userName: 'second@example.com' })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ userName: 'second@example.com', meta: { resourceType: 'User' } })
    expect(created.headers.get('location')).toBe(created.body.meta.location)
    const put = (await tn.call('PUT', `Users/${u.id}`, { userName: 'wire@example.com', displayName: 'Wire' })).body
    expect(put).toMatchObject({ id: u.id, displayName: 'Wire' })
    expect(put).not.toHaveProperty('resources')
    const patched = (await tn.call('PATCH', `Groups/${g.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: u.id }] }] })).body
    expect(patched).toMatchObject({ id: g.id, displayName: 'Ops', members: [{ value: u.id, type: 'User', display: 'Wire' }] })
    // Errors are the same SCIM errors.
    expect((await tn.call('GET', 'Users/nope')).body).toMatchObject({ status: '404' })

    await setWire('reference')
    const back = (await tn.call('GET', `Users/${u.id}`)).body
    expect(back).toMatchObject({ id: u.id, externalID: { value: 'ext-1' }, attributes: { userName: 'wire@example.com', displayName: 'Wire' } })
    expect((await tn.call('GET', 'Users')).body).toHaveProperty('resources')
  })

  it('switching is journaled, logged as an event, exported and imported; a bad value is a 400 that changes nothing', async () => {
    const before = t.snapshot()
    const bad = await t.control('PATCH', `/iam-tenants/${tn.id}`, { body: { wireFormat: 'xml' } })
    expect(bad.status).toBe(400)
    expect(t.snapshot()).toBe(before)
    expect((await t.control('PATCH', '/iam-tenants/nope', { body: { wireFormat: 'rfc7643' } })).status).toBe(404)

    // endpoint-info tells whoever sets up Okta or Entra to switch first, and says nothing once switched.
    await setWire('reference')
    const okta = async () => (await t.control('GET', `/iam-tenants/${tn.id}/endpoint-info`)).body.okta.notes.join(' ')
    expect(await okta()).toContain('switch it to RFC 7643 first')
    await setWire('rfc7643')
    expect(await okta()).not.toContain('switch it to RFC 7643')
    const seed = (await t.control('GET', '/workspace/export')).body
    expect(seed.iam.tenants.find((x: Obj) => x.id === tn.id).wireFormat).toBe('rfc7643')
    expect((await t.control('POST', '/workspace/import', { body: seed })).status).toBe(200)
    expect(((await t.control('GET', '/iam-tenants')).body as Obj[]).find((v) => v.id === tn.id)?.wireFormat).toBe('rfc7643')
    const log = (await t.control('GET', '/log?path=/iam-tenants&limit=50')).body
    const entry = log.entries.find((e: Obj) => e.method === 'PATCH' && e.status === 200 && e.eventCount > 0)
    const detail = (await t.control('GET', `/log/${entry.seq}`)).body
    expect(detail.events[0]).toMatchObject({ type: 'iamTenant.updated', message: expect.stringContaining('answers as RFC 7643 SCIM') })
  })

  it('the IdP simulator runs Okta and Entra lifecycles against an RFC 7643 tenant without a failure', async () => {
    // A tenant of its own: Okta's test connection reads the first user, which must carry names and an email.
    const sim = await newTenant(t, 'Simulated IdPs')
    expect((await t.control('PATCH', `/iam-tenants/${sim.id}`, { body: { wireFormat: 'rfc7643' } })).status).toBe(200)
    for (const scenario of ['okta-oin-lifecycle', 'okta-oin-group-push', 'entra-legacy-lifecycle', 'entra-flag-group-push']) {
      const started = await t.control('POST', '/runs', { body: { scenario, target: { kind: 'url', baseUrl: sim.base, token: sim.token } } })
      expect(started.status, started.text).toBe(201)
      let report: Obj = started.body
      for (let i = 0; i < 200 && ['pending', 'running'].includes(report.status); i++) {
        await new Promise((r) => setTimeout(r, 25))
        report = (await t.control('GET', `/runs/${report.runId}`)).body
      }
      const failed = report.steps.filter((s: Obj) => s.outcome === 'fail').map((s: Obj) => `${s.title}: ${s.reason}`)
      expect(failed, scenario).toEqual([])
      expect(report.status, scenario).toBe('passed')
      expect(report.summary.passed, scenario).toBeGreaterThan(3)
    }
  })
})
