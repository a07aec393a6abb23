import { Validator } from '@seriousme/openapi-schema-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONTROL_API_PREFIX } from '@shared/control'
import { createApp, SCIM_MOUNTS, type AppDeps, type MountedRouter } from '../../src-main/server/app'
import { oauthRoutes, OAUTH_PREFIX } from '../../src-main/server/http/oauth/routes'
import { resourceApiRoutes, RESOURCE_API_MOUNT } from '../../src-main/server/http/resource-api/router'
import type { RouteDoc } from '../../src-main/server/http/route-table'
import { scimRoutes } from '../../src-main/server/http/scim-router'
import { SCIM_TOKENS_PREFIX, scimTokensRoutes } from '../../src-main/server/http/scim-tokens/routes'
import { IAM_KIND_INFO, IAM_KINDS } from '@shared/iam'
import { IAM_PUT_ANSWERS_LIST, IAM_SCIM_MOUNT } from '../../src-main/server/iam/router'
import { controlRouteDocs, iamRouteDocs } from '../../src-main/server/openapi/described-routes'
import { toOpenApiPath } from '../../src-main/server/openapi/document'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

let t: TestSandbox
let doc: any
let text: string

beforeAll(async () => {
  t = await startTestSandbox()
  const res = await fetch(`${t.sb.localOrigin}/openapi.json`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/application\/json/)
  text = await res.text()
  doc = JSON.parse(text)
})
afterAll(async () => {
  await t?.close()
})

const join = (mount: string, path: string) => toOpenApiPath(mount.replace(/\/$/, '') + path)
const stub = {} as never
/** Any property, call or construction gives itself back: routers are built from it, their handlers never run. */
const deep: any = new Proxy(function () {}, { get: (_t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => 'x' : deep), apply: () => deep, construct: () => deep })

/** Every table the document is made from, with its mount (handlers are never called here). */
function tables(): { mount: string; routes: readonly RouteDoc[] }[] {
  const out: { mount: string; routes: readonly RouteDoc[] }[] = []
  for (const family of ['project', 'statusPage'] as const) for (const mount of SCIM_MOUNTS[family]) out.push({ mount, routes: scimRoutes(family, { api: stub }) })
  out.push({ mount: OAUTH_PREFIX, routes: oauthRoutes(stub) })
  out.push({ mount: SCIM_TOKENS_PREFIX, routes: scimTokensRoutes({ engine: { store: stub } as never, issuer: stub, origin: () => '', bodyLimit: 1 }) })
  out.push({ mount: RESOURCE_API_MOUNT, routes: resourceApiRoutes({ api: stub, bodyLimit: 1 }) })
  out.push({ mount: IAM_SCIM_MOUNT, routes: iamRouteDocs }, { mount: CONTROL_API_PREFIX, routes: controlRouteDocs })
  return out
}

/** What Express actually serves: every route layer of every API router createApp mounts (stubbed deps: never called). */
function servedRoutes(): { method: string; path: string }[] {
  const control = { adminSecret: 'x', version: '0', admin: deep, workspace: deep, settings: deep, hub: deep, simulator: deep, localOrigin: () => 'http://x' }
  const deps = { api: deep, store: deep, log: deep, origin: () => 'http://x', info: () => ({ origin: 'http://x' }), bodyLimit: 1000, engine: deep, oauth: deep, control, resourceApi: deep, iam: deep } as unknown as AppDeps
  const app = createApp(deps)
  const mounted = app.locals.mountedRouters as MountedRouter[]
  // Every router on the app is one of the recorded mounts (so nothing is mounted past the registry).
  const appLayers = (app as any).router.stack as any[]
  const routers = appLayers.filter((l) => !l.route && Array.isArray(l.handle?.stack)).map((l) => l.handle)
  expect(routers.length).toBe(mounted.length)
  for (const r of routers) expect(mounted.some((m) => m.router === r)).toBe(true)
  const out: { method: string; path: string }[] = []
  for (const { mount, router } of mounted) {
    for (const layer of (router as any).stack as any[]) {
      if (!layer.route) {
        expect(Array.isArray(layer.handle?.stack), `a nested router under ${mount}`).toBe(false)
        continue
      }
      for (const [method, on] of Object.entries(layer.route.methods as Record<string, boolean>)) {
        if (on && method !== '_all') out.push({ method, path: join(mount, String(layer.route.path)) })
      }
    }
  }
  return out
}

describe('GET /openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc)
    if (!result.valid) console.error(JSON.stringify(result.errors, null, 2).slice(0, 5000))
    expect(result.valid).toBe(true)
    expect(doc.openapi).toMatch(/^3\.1\./)
    expect(doc.info.version).toBe(t.sb.info().version)
    expect(doc.servers).toEqual([{ url: t.sb.origin }])
  })

  it('needs no auth and holds no seeded token, key or secret', async () => {
    const secrets = ['tok-acme-okta', 'tok-acme-status', 'tok-iam-tenant-1', 's3cret', 'key-owner', 'key-reader', t.sb.adminSecret]
    for (const s of secrets) expect(text, s).not.toContain(s)
  })

  it('has every route of every route table, with its method', () => {
    let n = 0
    for (const { mount, routes } of tables()) {
      for (const r of routes) {
        const op = doc.paths[join(mount, r.path)]?.[r.method]
        expect(op, `${r.method} ${join(mount, r.path)}`).toBeDefined()
        expect(op.tags).toEqual([r.tag])
        n++
      }
    }
    expect(n).toBeGreaterThan(80)
  })

  it('has every route Express serves under the API prefixes, and serves every route it documents (drift)', () => {
    const served = servedRoutes()
    const prefixes = ['/api/', '/api/v1/', '/scim/v2/', '/status-page-scim/v2/', '/api/identity/', '/iam/scim/v2/', `${CONTROL_API_PREFIX}/`]
    expect(served.length).toBeGreaterThan(80)
    for (const s of served) {
      expect(prefixes.some((p) => s.path.startsWith(p)), s.path).toBe(true)
      expect(doc.paths[s.path]?.[s.method], `${s.method.toUpperCase()} ${s.path} is served but not documented`).toBeDefined()
    }
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) expect(served.some((s) => s.path === path && s.method === method), `${method.toUpperCase()} ${path} is documented but not served`).toBe(true)
    }
  })

  it('is importable-shaped for Postman: unique operationIds, every path parameter declared', () => {
    const ids = new Set<string>()
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1])
      for (const op of Object.values(ops)) {
        expect(op.operationId).toBeTruthy()
        expect(ids.has(op.operationId), op.operationId).toBe(false)
        ids.add(op.operationId)
        const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path')
        expect(declared.map((p: any) => p.name).sort()).toEqual([...names].sort())
        for (const p of declared) expect(p.required).toBe(true)
      }
    }
  })

  it('describes each surface: SCIM families per mount with {scimId}, security schemes, content types', () => {
    for (const base of ['/scim/v2/{scimId}', '/api/identity/scim/v2/{scimId}', '/status-page-scim/v2/{scimId}', '/api/identity/status-page-scim/v2/{scimId}']) {
      expect(doc.paths[`${base}/Users`].get.security).toEqual([{ ScimBearer: [] }])
      expect(Object.keys(doc.paths[`${base}/Users`].post.requestBody.content)).toContain('application/scim+json')
    }
    expect(doc.paths['/scim/v2/{scimId}/Groups'].get.tags).toEqual(['Project SCIM'])
    expect(doc.paths['/status-page-scim/v2/{scimId}/Users'].get.tags).toEqual(['Status Page SCIM'])
    expect(Object.keys(doc.paths['/api/v1/oauth/token'].post.requestBody.content)).toContain('application/x-www-form-urlencoded')
    expect(doc.paths['/api/v1/admin/scim-tokens/'].post.security).toEqual([{ OAuth2: ['scim-tokens:write'] }, { BearerJWT: [] }])
    expect(doc.paths['/api/{model}/get-list'].get.security).toEqual([{ ApiKey: [] }])
    expect(doc.paths['/iam/scim/v2/{tenantId}/ServiceProviderConfig'].get.security).toEqual([{ IamScimToken: [] }])
    expect(doc.paths['/_sandbox/api/projects'].post.security).toEqual([{ SandboxSecret: [] }])
    const schemes = doc.components.securitySchemes
    expect(schemes.ApiKey).toMatchObject({ type: 'apiKey', in: 'header', name: 'ApiKey' })
    expect(schemes.SandboxSecret).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Sandbox-Secret' })
    expect(schemes.OAuth2.flows.clientCredentials.tokenUrl).toBe(`${t.sb.origin}/api/v1/oauth/token`)
    expect(Object.keys(schemes.OAuth2.flows.clientCredentials.scopes).sort()).toEqual(['scim-tokens:read', 'scim-tokens:write'])
    expect(doc.paths['/scim/v2/{scimId}/Users'].get.responses['401'].content['application/scim+json'].schema).toEqual({ $ref: '#/components/schemas/ScimError' })
    expect(doc.paths['/_sandbox/api/info'].get.responses['401'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ControlError' })
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ScimError', 'ControlError', 'HttpError', 'HttpValidationError', 'OAuthError']))
    expect(schemes.BearerJWT).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
  })

  it('describes the IAM SCIM provider: the 7 kinds with list, create, get, PUT, PATCH, DELETE, bodies from the contract', () => {
    const base = '/iam/scim/v2/{tenantId}'
    const ref = (schema: any) => JSON.stringify(schema)
    for (const kind of IAM_KINDS) {
      const seg = IAM_KIND_INFO[kind].segment
      const list = doc.paths[`${base}/${seg}`]
      const one = doc.paths[`${base}/${seg}/{id}`]
      expect(Object.keys(list).sort(), seg).toEqual(['get', 'post'])
      expect(Object.keys(one).sort(), seg).toEqual(['delete', 'get', 'patch', 'put'])
      for (const op of [...Object.values(list), ...Object.values(one)] as any[]) {
        expect(op.tags).toEqual(['IAM SCIM provider'])
        expect(op.security).toEqual([{ IamScimToken: [] }])
        expect(op.responses['401'].content['application/scim+json'].schema).toEqual({ $ref: '#/components/schemas/ScimError' })
      }
      expect(list.get.parameters.map((p: any) => p.name).sort()).toEqual(['attributes', 'count', 'excludedAttributes', 'filter', 'startIndex', 'tenantId'])
      expect(Object.keys(list.get.responses['200'].content['application/scim+json'].schema.properties)).toEqual(expect.arrayContaining(['resources', 'totalResults']))
      expect(Object.keys(list.post.requestBody.content).sort()).toEqual(['application/json', 'application/scim+json'])
      expect(list.post.responses['201'].content['application/scim+json'].schema.properties).toHaveProperty('externalID')
      expect(one.get.responses['200'].content['application/scim+json'].schema.properties).toHaveProperty('attributes')
      expect(one.delete.responses['204']).toEqual({ description: 'Deleted' })
      expect(ref(one.patch.requestBody.content['application/json'].schema)).toContain('Operations')
      const put = one.put.responses['200'].content['application/scim+json'].schema
      expect(Object.keys(put.properties).includes('resources'), `${seg} PUT answer`).toBe(IAM_PUT_ANSWERS_LIST[kind])
    }
    // Request bodies are the contract's zod schemas: required fields as the reference marks them.
    const body = (seg: string, method: 'post' | 'put') => doc.paths[`${base}/${seg}${method === 'put' ? '/{id}' : ''}`][method].requestBody.content['application/json'].schema
    expect(body('Actions', 'post').required).toEqual(['name'])
    expect(body('resource-types', 'post').required.sort()).toEqual(['actions', 'name'])
    expect(body('resource-types', 'put').required.sort()).toEqual(['name', 'slug'])
    expect(body('Resources', 'put').required.sort()).toEqual(['name', 'slug', 'type'])
    expect(body('Permissions', 'post').required.sort()).toEqual(['name', 'statements'])
    expect(body('Groups', 'post').required).toEqual(['displayName'])
    expect(body('Users', 'post').properties).toHaveProperty(['urn:ietf:params:scim:schemas:extension:custom:2.0:User'])
    expect(doc.paths[`${base}/ServiceProviderConfig`].get.tags).toEqual(['IAM SCIM provider'])
  })
})
