import express, { Router, type NextFunction, type Request, type Response } from 'express'
import { timingSafeEqual } from 'node:crypto'
import { oauthErrorOut, oauthTokenOut, oauthTokenRequest, type OAuthErrorCode } from '@shared/tokens'
import type { StoreReader } from '../../../core/store/memory-store'
import { grantScopes, isValidScopeString } from '../../../core/tokens/scopes'
import type { OAuthIssuer } from '../../oauth/issuer'
import { sha256 } from '../../secrets'
import { mountRoutes, type RouteDef } from '../route-table'

export const OAUTH_PREFIX = '/api/v1/oauth'

export interface OAuthDeps {
  store: StoreReader
  issuer: OAuthIssuer
  bodyLimit: number
}

class OAuthError extends Error {
  constructor(
    readonly code: OAuthErrorCode,
    message: string,
  ) {
    super(message)
  }
}

/** RFC 6749 §5.2: 400, or 401 with a challenge for invalid_client; never cached. */
function sendError(res: Response, e: OAuthError) {
  const status = e.code === 'invalid_client' ? 401 : 400
  if (status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="scim-sandbox", charset="UTF-8"')
  res.setHeader('Cache-Control', 'no-store')
  res.setHeader('Pragma', 'no-cache')
  res.status(status).json({ error: e.code, error_description: e.message })
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    throw new OAuthError('invalid_request', 'the Basic credentials are not validly URL-encoded (RFC 6749 §2.3.1)')
  }
}

/** RFC 6749 §2.3.1: `Basic base64(urlencode(client_id) ":" urlencode(client_secret))`. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  if (!header) return null
  const m = /^\s*Basic\s+([A-Za-z0-9+/=._~-]*)\s*$/i.exec(header)
  if (!m) return null
  const text = Buffer.from(m[1]!, 'base64').toString('utf8')
  const colon = text.indexOf(':')
  if (colon === -1) throw new OAuthError('invalid_request', 'the Basic credentials must be client_id:client_secret')
  return { id: decode(text.slice(0, colon)), secret: decode(text.slice(colon + 1)) }
}

function field(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name]
  if (v === undefined) return undefined
  if (Array.isArray(v)) throw new OAuthError('invalid_request', `${name} is given more than once (RFC 6749 §3.2)`)
  if (typeof v !== 'string') throw new OAuthError('invalid_request', `${name} must be a string`)
  return v
}

// A digest to compare against when the client is unknown, so unknown and wrong secrets take the same time.
const DUMMY_DIGEST = sha256('no such client')

function secretMatches(given: string, storedHex: string): boolean {
  const a = Buffer.from(sha256(given), 'hex')
  const b = Buffer.from(storedHex.toLowerCase(), 'hex')
  return b.length === a.length && timingSafeEqual(a, b)
}

async function token(deps: OAuthDeps, req: Request, res: Response) {
  try {
    const body = req.body
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new OAuthError('invalid_request', 'send the parameters as application/x-www-form-urlencoded (or a JSON object)')
    }
    const params = body as Record<string, unknown>
    const grantType = field(params, 'grant_type')
    const scope = field(params, 'scope')
    const bodyId = field(params, 'client_id')
    const bodySecret = field(params, 'client_secret')
    const basic = basicCredentials(req.header('authorization'))
    if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required')
    if (basic && (bodyId !== undefined || bodySecret !== undefined) && (bodyId !== basic.id || bodySecret !== undefined)) {
      throw new OAuthError('invalid_request', 'authenticate the client one way only: HTTP Basic or client_id/client_secret in the body (RFC 6749 §2.3)')
    }
    const creds = basic ?? (bodyId !== undefined ? { id: bodyId, secret: bodySecret ?? '' } : null)
    if (!creds) throw new OAuthError('invalid_client', 'client authentication is required: HTTP Basic, or client_id and client_secret in the body')
    const client = deps.store.get('oauthClients', creds.id)
    const ok = secretMatches(creds.secret, client?.clientSecretSha256 ?? DUMMY_DIGEST)
    if (!client || !ok) throw new OAuthError('invalid_client', 'unknown client or wrong client secret')
    if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported; use client_credentials`)
    if (scope !== undefined && scope !== '' && !isValidScopeString(scope)) throw new OAuthError('invalid_scope', 'scope must be scope names separated by single spaces')
    const grant = grantScopes(scope, client.scopes)
    if (!grant.ok) throw new OAuthError('invalid_scope', `client ${client.id} may not have ${grant.unknown.join(', ')}; its scopes are: ${client.scopes.join(' ') || '(none)'}`)
    const issued = await deps.issuer.issue(client.id, grant.scopes)
    res.setHeader('Cache-Control', 'no-store')
    res.setHeader('Pragma', 'no-cache')
    res.status(200).json({ access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope: grant.scopes.join(' ') })
  } catch (e) {
    if (e instanceof OAuthError) return sendError(res, e)
    throw e
  }
}

export function oauthRoutes(deps: OAuthDeps): RouteDef[] {
  return [
    {
      method: 'post',
      path: '/token',
      summary: 'Client-credentials grant (RFC 6749 §4.4): an access token for the SCIM tokens admin API',
      tag: 'OAuth',
      auth: 'none',
      request: { body: oauthTokenRequest, bodyContentTypes: ['application/x-www-form-urlencoded', 'application/json'] },
      responses: {
        200: { description: 'The access token (a JWT), never cached', schema: oauthTokenOut },
        400: { description: 'invalid_request, unsupported_grant_type or invalid_scope (RFC 6749 §5.2)', schema: oauthErrorOut },
        401: { description: 'invalid_client, with a WWW-Authenticate challenge', schema: oauthErrorOut },
      },
      handler: (req, res) => token(deps, req, res),
    },
  ]
}

/** Parses form and JSON bodies, keeping the raw text for the request log (which redacts its secrets). */
export function bodyParsers(limit: number) {
  const verify = (_req: unknown, res: { locals?: Record<string, unknown> }, buf: Buffer) => {
    if (res.locals) res.locals.rawBody = buf.toString('utf8')
  }
  return [express.urlencoded({ extended: false, limit, verify: verify as never }), express.json({ limit, verify: verify as never })]
}

export function oauthRouter(deps: OAuthDeps): Router {
  const router = Router()
  router.use(...bodyParsers(deps.bodyLimit))
  mountRoutes(router, oauthRoutes(deps))
  router.all('/token', (_req, res) => {
    res.setHeader('Allow', 'POST')
    res.status(405).json({ error: 'invalid_request', error_description: 'the token endpoint takes POST only (RFC 6749 §3.2)' })
  })
  router.use((req, res) => res.status(404).json({ error: 'invalid_request', error_description: `Nothing at ${req.method} ${OAUTH_PREFIX}${req.path}; the token endpoint is POST ${OAUTH_PREFIX}/token` }))
  router.use((err: { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (!err || typeof err !== 'object' || !err.type) return next(err)
    const tooBig = err.type === 'entity.too.large'
    if (tooBig) return res.status(413).json({ error: 'invalid_request', error_description: 'the request body is too large' })
    sendError(res, new OAuthError('invalid_request', 'the request body could not be parsed'))
  })
  return router
}
