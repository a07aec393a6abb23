import express, { Router, type NextFunction, type Request, type Response } from 'express'
import {
  createScimTokenBody,
  endpointInfoOut,
  endpointInfoQuery,
  httpErrorOut,
  httpValidationError,
  patchScimTokenBody,
  SCIM_TOKENS_READ,
  SCIM_TOKENS_WRITE,
  scimTokenCreatedOut,
  scimTokenListOut,
  scimTokenListQuery,
  scimTokenOut,
  type EndpointInfoOut,
} from '@shared/tokens'
import type { z } from 'zod'
import type { IamWireFormat } from '@shared/iam'
import type { Engine } from '../../../core/engine'
import { hasScope } from '../../../core/tokens/scopes'
import { createToken, listTokens, requireToken, revokeToken, TOKEN_PREFIX_LENGTH, TokenNotFound, toOut, updateToken } from '../../../core/tokens/scim-tokens'
import { bearerOf } from '../../iam/token-auth'
import type { OAuthIssuer } from '../../oauth/issuer'
import { randomSecret, sha256 } from '../../secrets'
import { mountRoutes, type RouteDef } from '../route-table'
import { jsonInvalid, send422, toDetail } from './validation'

export const SCIM_TOKENS_PREFIX = '/api/v1/admin/scim-tokens'

export interface ScimTokensDeps {
  engine: Engine
  issuer: OAuthIssuer
  origin: () => string
  bodyLimit: number
}

const DATETIME = { expires_at: 'datetime' } as const
const TAG = 'SCIM tokens admin'

function authError(res: Response, status: 401 | 403, detail: string, error: 'invalid_token' | 'insufficient_scope' | null, scope?: string) {
  const parts = ['Bearer realm="scim-tokens"']
  if (error) parts.push(`error="${error}"`, `error_description="${detail.replace(/["\\]/g, '')}"`)
  if (scope) parts.push(`scope="${scope}"`)
  res.setHeader('WWW-Authenticate', parts.join(', '))
  res.status(status).json({ detail })
}

/**
 * RFC 6750: no token is 401 with a bare challenge; a bad one (expired, tampered, another audience) 401
 * `invalid_token`; a good one without the route's scope 403 `insufficient_scope`.
 */
async function authorize(deps: ScimTokensDeps, req: Request, res: Response, scope: string): Promise<boolean> {
  const bearer = bearerOf(req.header('authorization'))
  if (!bearer) {
    authError(res, 401, 'Not authenticated: send Authorization: Bearer <access token from POST /api/v1/oauth/token>', null)
    return false
  }
  const v = await deps.issuer.verify(bearer)
  if (!v.ok) {
    authError(res, 401, `Invalid access token: ${v.reason}`, 'invalid_token')
    return false
  }
  if (!hasScope(v.claims.scope, scope)) {
    authError(res, 403, `Insufficient scope: this needs ${scope}`, 'insufficient_scope', scope)
    return false
  }
  return true
}

function parse<S extends z.ZodType>(res: Response, schema: S, where: 'body' | 'query', input: unknown): z.infer<S> | undefined {
  const r = schema.safeParse(input)
  if (r.success) return r.data
  send422(res, toDetail(r.error, where, input, DATETIME))
  return undefined
}

/** The body as JSON whatever its Content-Type (FastAPI reads it so too); missing or broken is 422. */
function body(req: Request, res: Response): { ok: true; value: unknown } | { ok: false } {
  const err = res.locals.bodyError as Error | undefined
  if (err) {
    send422(res, [jsonInvalid(err.message, String(res.locals.rawBody ?? ''))])
    return { ok: false }
  }
  if (res.locals.rawBody === undefined || String(res.locals.rawBody).trim() === '') {
    send422(res, [{ loc: ['body'], msg: 'Field required', type: 'missing' }])
    return { ok: false }
  }
  return { ok: true, value: req.body }
}

function notFound(res: Response, e: unknown): boolean {
  if (e instanceof TokenNotFound) {
    res.status(404).json({ detail: e.message })
    return true
  }
  return false
}

function keepEvents(res: Response, events: unknown[]) {
  if (events.length) res.locals.events = [...((res.locals.events as unknown[]) ?? []), ...events]
}

export function endpointInfo(origin: string, tenant: { id: string; name: string; wireFormat?: IamWireFormat } | null): EndpointInfoOut {
  const scimBaseUrl = `${origin}/iam/scim/v2/${tenant ? encodeURIComponent(tenant.id) : '{tenant_id}'}`
  const token = '<the token from POST /api/v1/admin/scim-tokens/ (shown once)>'
  const publicNote = origin.startsWith('https://')
    ? 'This base URL uses the public address the sandbox was started with (--public-url).'
    : 'Cloud Okta and Entra cannot reach this address: start the sandbox with --public-url https://<tunnel host> behind a tunnel (ngrok, cloudflared).'
  // Okta and Entra read RFC 7643 JSON, not the IAM reference's envelope (README, IAM SCIM provider: wire format).
  const wireNotes =
    tenant && tenant.wireFormat !== 'rfc7643'
      ? [
          `This tenant answers in the IAM reference's envelope, which Okta and Entra cannot read: switch it to RFC 7643 first (Configs & tokens → IAM → "Answers as", or PATCH ${origin}/_sandbox/api/iam-tenants/${encodeURIComponent(tenant.id)} {"wireFormat": "rfc7643"}).`,
        ]
      : []
  return {
    tenant_id: tenant?.id ?? null,
    tenant_name: tenant?.name ?? null,
    scim_base_url: scimBaseUrl,
    auth_scheme: 'Bearer',
    token_endpoint: `${origin}/api/v1/oauth/token`,
    create_token: `POST ${origin}${SCIM_TOKENS_PREFIX}/ {"name": "...", "tenant_id": "${tenant?.id ?? '<tenant_id>'}"}`,
    okta: {
      steps: [
        { field: 'Provisioning → Integration → SCIM connector base URL', value: scimBaseUrl },
        { field: 'Unique identifier field for users', value: 'userName' },
        { field: 'Supported provisioning actions', value: 'Push New Users, Push Profile Updates, Push Groups' },
        { field: 'Authentication Mode', value: 'HTTP Header' },
        { field: 'HTTP Header → Authorization (Bearer)', value: token },
      ],
      notes: [...wireNotes, publicNote],
    },
    entra: {
      steps: [
        { field: 'Provisioning → Admin Credentials → Tenant URL', value: `${scimBaseUrl}?aadOptscim062020` },
        { field: 'Provisioning → Admin Credentials → Secret Token', value: token },
      ],
      notes: [...wireNotes, 'Entra only accepts HTTPS tenant URLs.', publicNote],
    },
  }
}

export function scimTokensRoutes(deps: ScimTokensDeps): RouteDef[] {
  const ctx = () => ({ now: deps.engine.ports.clock.now().toISOString(), id: deps.engine.ports.ids.next() })
  const store = deps.engine.store
  const auth = { auth: 'oauthBearer' as const, tag: TAG }
  const errors = {
    401: { description: 'No, expired, tampered or foreign access token', schema: httpErrorOut },
    403: { description: 'The access token lacks the scope', schema: httpErrorOut },
    422: { description: 'Validation error', schema: httpValidationError },
  }
  return [
    {
      ...auth,
      method: 'get',
      path: '/',
      summary: 'List SCIM tokens',
      scopes: [SCIM_TOKENS_READ],
      request: { query: scimTokenListQuery },
      responses: { 200: { description: 'A page of tokens (never the secrets)', schema: scimTokenListOut }, 404: { description: 'Unknown tenant', schema: httpErrorOut }, ...errors },
      async handler(req, res) {
        if (!(await authorize(deps, req, res, SCIM_TOKENS_READ))) return
        const q = parse(res, scimTokenListQuery, 'query', req.query)
        if (!q) return
        try {
          res.json(listTokens(store, { tenantId: q.tenant_id, page: q.page, perPage: q.per_page }))
        } catch (e) {
          if (!notFound(res, e)) throw e
        }
      },
    },
    {
      ...auth,
      method: 'post',
      path: '/',
      summary: 'Create a SCIM token (the token is in this response only)',
      scopes: [SCIM_TOKENS_WRITE],
      request: { body: createScimTokenBody, bodyContentTypes: ['application/json'] },
      responses: { 201: { description: 'The new token, with its secret', schema: scimTokenCreatedOut }, 404: { description: 'Unknown tenant', schema: httpErrorOut }, ...errors },
      async handler(req, res) {
        if (!(await authorize(deps, req, res, SCIM_TOKENS_WRITE))) return
        const b = body(req, res)
        if (!b.ok) return
        const input = parse(res, createScimTokenBody, 'body', b.value)
        if (!input) return
        const secret = randomSecret('tok-iam-')
        try {
          const w = await deps.engine.write((tx) => createToken(tx, ctx(), input, { sha256: sha256(secret), prefix: secret.slice(0, TOKEN_PREFIX_LENGTH) }))
          keepEvents(res, w.events)
          res.status(201).json({ ...toOut(w.value), token: secret })
        } catch (e) {
          if (!notFound(res, e)) throw e
        }
      },
    },
    {
      ...auth,
      method: 'get',
      path: '/endpoint-info',
      summary: 'What to paste where in Okta and Entra for a tenant',
      scopes: [SCIM_TOKENS_READ],
      request: { query: endpointInfoQuery },
      responses: { 200: { description: 'The tenant\'s SCIM base URL and IdP setup', schema: endpointInfoOut }, 404: { description: 'Unknown tenant', schema: httpErrorOut }, ...errors },
      async handler(req, res) {
        if (!(await authorize(deps, req, res, SCIM_TOKENS_READ))) return
        const q = parse(res, endpointInfoQuery, 'query', req.query)
        if (!q) return
        if (q.tenant_id == null) return res.json(endpointInfo(deps.origin(), null))
        const tenant = store.get('iamTenants', q.tenant_id)
        if (!tenant) return res.status(404).json({ detail: `Tenant not found: ${q.tenant_id}` })
        res.json(endpointInfo(deps.origin(), tenant))
      },
    },
    {
      ...auth,
      method: 'get',
      path: '/:token_id',
      summary: 'Get a SCIM token',
      scopes: [SCIM_TOKENS_READ],
      responses: { 200: { description: 'The token (never the secret)', schema: scimTokenOut }, 404: { description: 'Unknown token', schema: httpErrorOut }, ...errors },
      async handler(req, res) {
        if (!(await authorize(deps, req, res, SCIM_TOKENS_READ))) return
        try {
          res.json(toOut(requireToken(store, String(req.params.token_id))))
        } catch (e) {
          if (!notFound(res, e)) throw e
        }
      },
    },
    {
      ...auth,
      method: 'patch',
      path: '/:token_id',
      summary: 'Update a SCIM token (name, expires_at, enabled)',
      scopes: [SCIM_TOKENS_WRITE],
      request: { body: patchScimTokenBody, bodyContentTypes: ['application/json'] },
      responses: { 200: { description: 'The token as updated', schema: scimTokenOut }, 404: { description: 'Unknown token', schema: httpErrorOut }, ...errors },
      async handler(req, res) {
        if (!(await authorize(deps, req, res, SCIM_TOKENS_WRITE))) return
        const b = body(req, res)
        if (!b.ok) return
        const input = parse(res, patchScimTokenBody, 'body', b.value)
        if (!input) return
        try {
          const w = await deps.engine.write((tx) => updateToken(tx, ctx(), String(req.params.token_id), input))
          keepEvents(res, w.events)
          res.json(toOut(w.value))
        } catch (e) {
          if (!notFound(res, e)) throw e
        }
      },
    },
    {
      ...auth,
      method: 'delete',
      path: '/:token_id',
      summary: 'Revoke a SCIM token (soft delete; refused at once)',
      scopes: [SCIM_TOKENS_WRITE],
      responses: { 204: { description: 'Revoked' }, 404: { description: 'Unknown token', schema: httpErrorOut }, ...errors },
      async handler(req, res) {
        if (!(await authorize(deps, req, res, SCIM_TOKENS_WRITE))) return
        try {
          const w = await deps.engine.write((tx) => revokeToken(tx, ctx(), String(req.params.token_id)))
          keepEvents(res, w.events)
          res.status(204).end()
        } catch (e) {
          if (!notFound(res, e)) throw e
        }
      },
    },
  ]
}

export function scimTokensRouter(deps: ScimTokensDeps): Router {
  const router = Router()
  const json = express.json({
    type: () => true,
    limit: deps.bodyLimit,
    strict: false,
    verify: ((_req: unknown, res: Response, buf: Buffer) => {
      res.locals.rawBody = buf.toString('utf8')
    }) as never,
  })
  // A broken body is the route's 422 (after auth), not an error page: keep the parse error for it.
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' && req.method !== 'PATCH') return next()
    json(req, res, (err?: unknown) => {
      if (err) {
        const e = err as { type?: string; message?: string }
        if (e.type === 'entity.too.large') return res.status(413).json({ detail: 'Request body too large' })
        res.locals.bodyError = new Error(e.message ?? 'invalid JSON')
      }
      next()
    })
  })
  const routes = scimTokensRoutes(deps)
  mountRoutes(router, routes)
  // What FastAPI answers for a known path with another method (405, with Allow) and for any other path (404).
  const single = /^\/[^/]+\/?$/
  router.use((req: Request, res: Response) => {
    const path = req.path
    const allowed = path === '/' || path === '' ? ['GET', 'POST'] : /^\/endpoint-info\/?$/.test(path) ? ['GET'] : single.test(path) ? ['GET', 'PATCH', 'DELETE'] : null
    if (!allowed) return res.status(404).json({ detail: 'Not Found' })
    res.setHeader('Allow', allowed.join(', '))
    res.status(405).json({ detail: 'Method Not Allowed' })
  })
  return router
}
