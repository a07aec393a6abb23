import express from 'express'
import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IamApi } from '../../../src-main/core/iam/types'
import { ScimError } from '../../../src-main/core/errors'
import type { StoreReader } from '../../../src-main/core/store/memory-store'
import { IAM_SCIM_MOUNT, iamScimRouter } from '../../../src-main/server/iam/router'
import { sha256 } from '../../../src-main/server/secrets'
import { SCIM_ERROR } from './helpers'

/**
 * The IAM router alone, over a core that fails in ways the real one should not: an unexpected exception is a 500
 * SCIM error (recorded for the log as an internal error) and never takes the server down; a ScimError from the core
 * is passed through as is.
 */

const TOKEN = 'tok-router-test'
const token = { id: 'k1', tenantId: 't1', name: 'k', tokenSha256: sha256(TOKEN), tokenPrefix: 'tok-ro', expiresAt: null, enabled: true, revokedAt: null, createdAt: '', updatedAt: '' }
const store = {
  get: (c: string, id: string) => (c === 'iamTenants' && id === 't1' ? { id: 't1', name: 'T1' } : undefined),
  findOne: (c: string, _index: string, digest: string) => (c === 'iamScimTokens' && digest === token.tokenSha256 ? token : undefined),
} as unknown as StoreReader

const boom = () => {
  throw new Error('unexpected failure in the core')
}
const iam: IamApi = {
  list: boom,
  get: () => {
    throw new ScimError(404, 'Action x not found')
  },
  create: async () => boom(),
  replace: async () => Promise.reject(new TypeError('cannot read properties of undefined')),
  patch: async () => boom(),
  delete: async () => boom(),
}

let server: Server
let origin = ''
const internalErrors: string[] = []

beforeAll(async () => {
  const app = express()
  app.use((_req, res, next) => {
    res.on('finish', () => {
      if (res.locals.internalError) internalErrors.push(String(res.locals.internalError))
    })
    next()
  })
  app.use(IAM_SCIM_MOUNT, iamScimRouter({ store, iam, origin: () => origin, bodyLimit: 1024 }))
  server = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s))
  })
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((ok) => server?.close(ok))
})

const call = async (method: string, path: string, body?: string) => {
  const res = await fetch(`${origin}/iam/scim/v2/t1/${path}`, { method, headers: { Authorization: `Bearer ${TOKEN}` }, body })
  return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Record<string, unknown> }
}

describe('IAM router: failures of the core', () => {
  it('an unexpected exception is a 500 SCIM error, recorded as an internal error, and the server keeps serving', async () => {
    for (const [method, path, body] of [
      ['GET', 'Actions'],
      ['POST', 'Roles', '{"name":"x"}'],
      ['PUT', 'Users/u1', '{"userName":"x"}'],
      ['PATCH', 'Groups/g1', '{"Operations":[]}'],
      ['DELETE', 'Permissions/p1'],
    ] as const) {
      const r = await call(method, path, body)
      expect(r.status, `${method} ${path}`).toBe(500)
      expect(r.type).toMatch(/^application\/scim\+json/)
      expect(r.body).toMatchObject({ schemas: [SCIM_ERROR], status: '500', detail: expect.any(String) })
      expect(JSON.stringify(r.body)).not.toContain('at ') // no stack trace to the client
    }
    expect(internalErrors).toHaveLength(5)
    expect(internalErrors[0]).toContain('unexpected failure in the core')
  })

  it('a ScimError from the core is answered as is', async () => {
    const r = await call('GET', 'Actions/x')
    expect(r.status).toBe(404)
    expect(r.body).toEqual({ schemas: [SCIM_ERROR], status: '404', detail: 'Action x not found' })
  })

  it('a body over the limit is refused before the core sees it', async () => {
    const r = await call('POST', 'Actions', JSON.stringify({ name: 'x'.repeat(2000) }))
    expect(r.status).toBe(413)
    expect(r.body).toMatchObject({ schemas: [SCIM_ERROR], status: '413' })
  })
})
