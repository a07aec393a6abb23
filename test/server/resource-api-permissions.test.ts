import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestSandbox, type TestResponse, type TestSandbox } from '../helpers/sandbox'


/**
 * PRODUCT.md §3.3's permission table (and the reference's lists for status-page-scim), written out here on its own so
 * the test does not read the engine's table: each permission × each model × each operation.
 */
const PERMS = ['ProjectOwner', 'ProjectAdmin', 'ProjectMember', 'ReadStatusPageSSO', 'CreateStatusPageSSO', 'EditStatusPageSSO', 'DeleteStatusPageSSO', 'ReadAllProjectResources'] as const
type Perm = (typeof PERMS)[number]
type Op = 'read' | 'list' | 'count' | 'create' | 'update' | 'delete'
const OPS: Op[] = ['read', 'list', 'count', 'create', 'update', 'delete']
const TEAM_READ: Perm[] = ['ProjectOwner', 'ProjectAdmin', 'ProjectMember', 'ReadAllProjectResources']
const OWNER_ADMIN: Perm[] = ['ProjectOwner', 'ProjectAdmin']
const asTeam = { read: TEAM_READ, write: OWNER_ADMIN }
const TABLE: Record<string, { read: Perm[] | 'any'; create?: Perm[]; update?: Perm[]; delete?: Perm[]; write?: Perm[] }> = {
  project: { read: 'any', write: ['ProjectOwner'] },
  team: asTeam,
  'team-member': asTeam,
  user: asTeam,
  'status-page': asTeam,
  'status-page-private-user': asTeam,
  'project-scim': asTeam,
  'status-page-scim': {
    read: ['ProjectOwner', 'ProjectAdmin', 'ProjectMember', 'ReadStatusPageSSO', 'ReadAllProjectResources'],
    create: ['ProjectOwner', 'ProjectAdmin', 'CreateStatusPageSSO'],
    update: ['ProjectOwner', 'ProjectAdmin', 'EditStatusPageSSO'],
    delete: ['ProjectOwner', 'ProjectAdmin', 'DeleteStatusPageSSO'],
  },
  'api-key': { read: OWNER_ADMIN, write: OWNER_ADMIN },
}
function allowedFor(model: string, op: Op): Perm[] | 'any' {
  const row = TABLE[model]!
  if (op === 'read' || op === 'list' || op === 'count') return row.read
  return row[op] ?? row.write!
}

const keyOf = (p: Perm) => `key-perm-${p}`
let t: TestSandbox
let n = 0
beforeAll(async () => {
  t = await startTestSandbox({
    mutateSeed: (s) => {
      s.projects[0].apiKeys.push(...PERMS.map((p) => ({ name: `perm ${p}`, key: keyOf(p), permissions: [p] })))
    },
  })
})
afterAll(() => t?.close())

const owner = async (method: string, path: string, body?: unknown) => {
  const r = await t.api(method, path, { body })
  expect(r.status, `${method} ${path} as owner: ${r.text}`).toBe(200)
  return r.body
}

/** A fresh record of the model, made with the owner key, for update and delete to act on. */
async function fresh(model: string): Promise<string> {
  n++
  switch (model) {
    case 'project':
      return 'acme'
    case 'team-member': {
      const u = await owner('POST', '/api/user', { data: { email: `tm${n}@acme.test` } })
      return (await owner('POST', '/api/team-member', { data: { teamId: 'eng', userId: u._id } }))._id
    }
    default:
      return (await owner('POST', `/api/${model}`, { data: createData(model) }))._id
  }
}

function createData(model: string): Record<string, unknown> {
  n++
  return (
    {
      project: { name: `Project ${n}` },
      team: { name: `Team ${n}` },
      'team-member': {},
      user: { email: `user${n}@acme.test`, name: `User ${n}` },
      'status-page': { name: `Page ${n}` },
      'status-page-private-user': { statusPageId: 'acme-status', email: `pu${n}@acme.test` },
      'project-scim': { name: `Okta ${n}` },
      'status-page-scim': { name: `Entra ${n}`, statusPageId: 'acme-status' },
      'api-key': { name: `Key ${n}`, permissions: ['ProjectMember'] },
    } as Record<string, Record<string, unknown>>
  )[model]!
}

const updateData: Record<string, Record<string, unknown>> = {
  project: { name: 'Acme' },
  team: { name: 'Renamed' },
  'team-member': {},
  user: { name: 'Renamed' },
  'status-page': { name: 'Renamed' },
  'status-page-private-user': { email: 'renamed@acme.test' },
  'project-scim': { description: 'changed' },
  'status-page-scim': { description: 'changed' },
  'api-key': { name: 'renamed' },
}

/** Makes what the operation acts on (with the owner key), and answers the request to send with the key under test. */
async function prepare(model: string, op: Op, key: string): Promise<() => Promise<TestResponse>> {
  switch (op) {
    case 'read': {
      const id = await fresh(model)
      return () => t.api('POST', `/api/${model}/${id}/get-item`, { key })
    }
    case 'list':
      return () => t.api('POST', `/api/${model}/get-list`, { key })
    case 'count':
      return () => t.api('POST', `/api/${model}/count`, { key })
    case 'create': {
      let data = createData(model)
      if (model === 'team-member') data = { teamId: 'ops', userId: (await owner('POST', '/api/user', { data: { email: `cm${n}@acme.test` } }))._id }
      return () => t.api('POST', `/api/${model}`, { key, body: { data } })
    }
    case 'update': {
      const id = await fresh(model)
      const data = model === 'status-page-private-user' ? { email: `renamed${n}@acme.test` } : updateData[model]
      return () => t.api('PUT', `/api/${model}/${id}`, { key, body: { data } })
    }
    case 'delete': {
      const id = await fresh(model)
      return () => t.api('DELETE', `/api/${model}/${id}`, { key })
    }
  }
}

describe('permission matrix: each permission × each model × each operation', () => {
  for (const model of Object.keys(TABLE)) {
    for (const op of OPS) {
      const allowed = allowedFor(model, op)
      for (const perm of PERMS) {
        const ok = allowed === 'any' || allowed.includes(perm)
        // Deleting the key's own project takes every key with it: tested on its own below.
        if (model === 'project' && op === 'delete' && ok) continue
        it(`${model} ${op} with ${perm}: ${ok ? 'allowed' : '403'}`, async () => {
          const send = await prepare(model, op, keyOf(perm))
          const before = t.snapshot()
          const r = await send()
          if (ok) {
            expect(r.status, r.text).toBe(200)
            return
          }
          expect(r.status, r.text).toBe(403)
          expect(r.body.error).toContain((allowed as Perm[]).join(', '))
          // A refused request changes nothing.
          expect(t.snapshot() === before, 'workspace changed').toBe(true)
        })
      }
    }
  }
})

describe('keys and the key-granting rule', () => {
  it('a ProjectAdmin key cannot give out ProjectOwner, nor change or delete a ProjectOwner key', async () => {
    const before = t.snapshot()
    const r = await t.api('POST', '/api/api-key', { key: keyOf('ProjectAdmin'), body: { data: { name: 'escalate', permissions: ['ProjectOwner'] } } })
    expect(r.status).toBe(403)
    const ownerKey = [...t.sb.store.all('apiKeys')].find((k) => k.name === 'owner')!
    expect((await t.api('PUT', `/api/api-key/${ownerKey.id}`, { key: keyOf('ProjectAdmin'), body: { data: { name: 'x' } } })).status).toBe(403)
    expect((await t.api('DELETE', `/api/api-key/${ownerKey.id}`, { key: keyOf('ProjectAdmin') })).status).toBe(403)
    expect(t.snapshot()).toBe(before)
  })

  it('a new key is shown once, works at once, and is stored as its SHA-256 digest and prefix only', async () => {
    const r = await t.api('POST', '/api/api-key', { body: { data: { name: 'ci', permissions: ['ReadAllProjectResources'] } } })
    expect(r.status).toBe(200)
    expect(r.body.key).toMatch(/^key-/)
    const rec = t.sb.store.get('apiKeys', r.body._id)!
    expect(JSON.stringify(rec)).not.toContain(r.body.key)
    expect(rec.keyPrefix).toBe(r.body.key.slice(0, 6))
    const { createHash } = await import('node:crypto')
    expect(rec.keySha256).toBe(createHash('sha256').update(r.body.key).digest('hex'))
    const again = await t.api('POST', `/api/api-key/${r.body._id}/get-item`)
    expect(again.body.key).toBeUndefined()
    expect(JSON.stringify(again.body)).not.toContain(r.body.key)
    expect((await t.api('POST', '/api/team/get-list', { key: r.body.key })).status).toBe(200)
    // Deleted: refused from the next request on.
    await owner('DELETE', `/api/api-key/${r.body._id}`)
    expect((await t.api('POST', '/api/team/get-list', { key: r.body.key })).status).toBe(401)
  })

  it('missing or unknown key: 401 with {error}', async () => {
    const none = await t.api('POST', '/api/team/get-list', { key: null })
    expect(none.status).toBe(401)
    expect(none.body.error).toContain('ApiKey')
    const bad = await t.api('POST', '/api/team/get-list', { key: 'key-nope' })
    expect(bad.status).toBe(401)
    expect(typeof bad.body.error).toBe('string')
  })
})

describe('deleting the project', () => {
  it('a ProjectOwner key deletes its own project (with everything in it, its keys too)', async () => {
    const t2 = await startTestSandbox()
    try {
      const r = await t2.api('DELETE', '/api/project/acme')
      expect([r.status, r.body]).toEqual([200, {}])
      expect(t2.sb.store.get('projects', 'acme')).toBeUndefined()
      expect(t2.sb.store.size('apiKeys')).toBe(0)
      expect((await t2.api('POST', '/api/project/get-list')).status).toBe(401)
    } finally {
      await t2.close()
    }
  })
})
