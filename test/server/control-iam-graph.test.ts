import { afterEach, describe, expect, it } from 'vitest'
import { iamGraphSchema } from '@shared/control'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

let t: TestSandbox | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

describe('GET /_sandbox/api/iam-tenants/:id/graph', () => {
  it('answers an empty graph for a tenant without resources, and 404 {error} for an unknown tenant', async () => {
    t = await startTestSandbox()
    const r = await t.control('GET', '/iam-tenants/tenant-1/graph')
    expect(r.status).toBe(200)
    expect(iamGraphSchema.parse(r.body)).toEqual({
      tenantId: 'tenant-1',
      tenantName: 'Demo tenant',
      actions: [],
      resourceTypes: [],
      resources: [],
      permissions: [],
      roles: [],
      groups: [],
      users: [],
    })
    const missing = await t.control('GET', '/iam-tenants/nope/graph')
    expect(missing.status).toBe(404)
    expect(missing.body).toEqual({ error: 'no IAM tenant "nope"' })
    expect((await t.control('GET', '/iam-tenants/tenant-1/graph', { secret: null })).status).toBe(401)
  })
})
