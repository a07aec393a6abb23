import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, startTestSandbox, type TestSandbox } from '../helpers/sandbox'


/**
 * Every request example of reference/status-page-scim-resource-api.txt, sent as written (method, path, headers, body)
 * with the seed's ids and key in place of the reference's placeholders, gets the documented status and shape.
 */
const fixture = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/resource-api-examples.json'), 'utf8')) as {
  examples: { name: string; method: string; path: string; headers: Record<string, string>; body?: unknown; status: number; match: 'exact' | 'superset'; response: any; save?: string }[]
}

let t: TestSandbox
beforeAll(async () => {
  t = await startTestSandbox()
})
afterAll(() => t?.close())

const vars: Record<string, string> = { projectId: 'acme', statusPageId: 'acme-status' }
function subst(v: any): any {
  if (typeof v === 'string') return v.replace(/\{\{([\w.]+)\}\}/g, (_m, k: string) => vars[k] ?? `{{${k}}}`).replace(/^YOUR_API_KEY$/, 'key-owner')
  if (Array.isArray(v)) return v.map(subst)
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, subst(x)]))
  return v
}

describe('the reference request examples', () => {
  for (const ex of fixture.examples) {
    it(`${ex.name}: ${ex.method} ${ex.path}`, async () => {
      const headers = subst(ex.headers) as Record<string, string>
      const res = await fetch(`${t.sb.localOrigin}${subst(ex.path)}`, { method: ex.method, headers, body: ex.body === undefined ? undefined : JSON.stringify(subst(ex.body)) })
      const body = await res.json()
      expect(res.status, JSON.stringify(body)).toBe(ex.status)
      const want = subst(ex.response)
      if (ex.match === 'exact') expect(body).toEqual(want)
      else {
        for (const [k, v] of Object.entries(want)) {
          if (k === '_id') expect(typeof body._id).toBe('string')
          else expect(body[k], k).toEqual(v)
        }
        // The documented fields and the model's others: createdAt, updatedAt, createdByUserId, description, ...
        expect(Object.keys(body)).toEqual(expect.arrayContaining(['_id', 'createdAt', 'updatedAt', 'createdByUserId', 'autoProvisionUsers', 'autoDeprovisionUsers', 'description', 'compatibility']))
      }
      if (ex.save) for (const [k, v] of Object.entries(body)) vars[`${ex.save}.${k}`] = String(v)
    })
  }

  it('the deleted object is gone (404 with {error})', async () => {
    const r = await t.api('POST', `/api/status-page-scim/${vars['created._id']}/get-item`)
    expect(r.status).toBe(404)
    expect(r.body.error).toContain(vars['created._id'])
  })
})

describe('the alternative methods the reference lists', () => {
  it('GET get-list and GET get-item (no body: every field)', async () => {
    const list = await t.api('GET', '/api/status-page-scim/get-list')
    expect(list.status).toBe(200)
    expect(list.body).toMatchObject({ count: 1, limit: 10, skip: 0 })
    expect(list.body.data[0]).toMatchObject({ _id: 'acme-status-entra', projectId: 'acme', statusPageId: 'acme-status', name: 'Entra', bearerToken: 'tok-acme-status', createdByUserId: null })
    const item = await t.api('GET', '/api/status-page-scim/acme-status-entra/get-item')
    expect(item.body).toEqual(list.body.data[0])
  })

  it('POST update-item and GET update-item; POST delete-item and GET delete-item', async () => {
    const up = await t.api('POST', '/api/team/eng/update-item', { body: { data: { name: 'Engineering 2' } } })
    expect([up.status, up.body]).toEqual([200, {}])
    expect(t.sb.store.get('teams', 'eng')?.name).toBe('Engineering 2')
    // GET with a body (allowed by HTTP, what the reference offers clients without PUT): sent through node:http.
    const { request } = await import('node:http')
    const status = await new Promise<number>((ok, fail) => {
      const body = JSON.stringify({ data: { name: 'Engineering' } })
      const r = request(`${t.sb.localOrigin}/api/team/eng/update-item`, { method: 'GET', headers: { ApiKey: 'key-owner', 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        res.resume()
        res.on('end', () => ok(res.statusCode ?? 0))
      })
      r.on('error', fail)
      r.end(body)
    })
    expect(status).toBe(200)
    expect(t.sb.store.get('teams', 'eng')?.name).toBe('Engineering')
    const sp1 = await t.api('POST', '/api/status-page', { body: { data: { name: 'Temp one' } } })
    const sp2 = await t.api('POST', '/api/status-page', { body: { data: { name: 'Temp two' } } })
    expect((await t.api('POST', `/api/status-page/${sp1.body._id}/delete-item`)).body).toEqual({})
    expect((await t.api('GET', `/api/status-page/${sp2.body._id}/delete-item`)).body).toEqual({})
    expect(t.sb.store.get('statusPages', sp1.body._id)).toBeUndefined()
    expect(t.sb.store.get('statusPages', sp2.body._id)).toBeUndefined()
  })
})

describe('list paging, count, select, query and sort', () => {
  it('limit defaults to 10, is clamped to 100, count is every match; skip pages', async () => {
    for (let i = 0; i < 105; i++) await t.api('POST', '/api/user', { body: { data: { email: `u${String(i).padStart(3, '0')}@acme.test`, name: `U ${i}` } } })
    const dflt = await t.api('GET', '/api/user/get-list')
    expect(dflt.body).toMatchObject({ count: 106, limit: 10, skip: 0 })
    expect(dflt.body.data).toHaveLength(10)
    const big = await t.api('POST', '/api/user/get-list?limit=500')
    expect(big.body).toMatchObject({ count: 106, limit: 100, skip: 0 })
    expect(big.body.data).toHaveLength(100)
    const last = await t.api('POST', '/api/user/get-list?skip=100&limit=100', { body: { sort: { email: 1 } } })
    expect(last.body.data.map((u: any) => u.email)).toEqual(['u099@acme.test', 'u100@acme.test', 'u101@acme.test', 'u102@acme.test', 'u103@acme.test', 'u104@acme.test'])
    const desc = await t.api('POST', '/api/user/get-list?limit=2', { body: { sort: { email: -1 }, select: { email: true } } })
    expect(desc.body.data).toEqual([
      { _id: expect.any(String), email: 'u104@acme.test' },
      { _id: expect.any(String), email: 'u103@acme.test' },
    ])
    const q = await t.api('POST', '/api/user/count', { body: { query: { name: 'U 7' } } })
    expect(q.body).toEqual({ count: 1 })
    const arr = await t.api('POST', '/api/api-key/get-list', { body: { query: { permissions: 'ProjectOwner' }, select: { name: true } } })
    expect(arr.body.data.map((k: any) => k.name)).toEqual(['owner'])
  })
})
