import type { Request, Router } from 'express'
import type { SecretMaker } from '../../../core/admin/credentials'
import type { ControlDeps } from '../control-router'
import { TOKEN_PREFIX_LENGTH } from '../../../core/tokens/scim-tokens'
import { randomSecret, sha256 } from '../../secrets'
import { endpointInfo } from '../scim-tokens/routes'
import { sendWritten } from './send'

const id = (req: Request) => String(req.params.id)

const PREFIXES = { apiKey: ['key-', 6], oauthClient: ['sec-', 8], iamToken: ['tok-iam-', TOKEN_PREFIX_LENGTH] } as const

/** Random secrets with a readable prefix; only the digest and the first characters are stored. */
export const makeSecret: SecretMaker = (kind) => {
  const [prefix, keep] = PREFIXES[kind]
  const secret = randomSecret(prefix)
  return { secret, sha256: sha256(secret), prefix: secret.slice(0, keep) }
}

/**
 * API keys, OAuth clients, IAM tenants and their SCIM tokens (routes in src-shared/control.ts). Secrets are in the
 * create and rotate answers only; the request log redacts them (`key`, `clientSecret`, `token`).
 */
export function credentialsRoutes(r: Router, deps: Pick<ControlDeps, 'admin' | 'info'>): void {
  // The origin IdPs reach (the public URL when there is one): SCIM base URLs and the endpoint info use it.
  const origin = () => deps.info().origin
  const creds = deps.admin.credentials({ secrets: makeSecret, iamBaseUrl: (t) => `${origin()}/iam/scim/v2/${encodeURIComponent(t)}` })

  r.get('/projects/:id/api-keys', (req, res) => {
    res.json(creds.listApiKeys(id(req)))
  })
  r.post('/projects/:id/api-keys', async (req, res) => sendWritten(res, 201, await creds.createApiKey(id(req), req.body)))
  r.delete('/api-keys/:id', async (req, res) => sendWritten(res, 204, await creds.deleteApiKey(id(req))))

  r.get('/oauth-clients', (_req, res) => {
    res.json(creds.listOAuthClients())
  })
  r.post('/oauth-clients', async (req, res) => sendWritten(res, 201, await creds.createOAuthClient(req.body)))
  r.post('/oauth-clients/:id/rotate-secret', async (req, res) => sendWritten(res, 200, await creds.rotateOAuthClientSecret(id(req))))
  r.delete('/oauth-clients/:id', async (req, res) => sendWritten(res, 204, await creds.deleteOAuthClient(id(req))))

  r.get('/iam-tenants', (_req, res) => {
    res.json(creds.listTenants())
  })
  r.post('/iam-tenants', async (req, res) => sendWritten(res, 201, await creds.createTenant(req.body)))
  r.patch('/iam-tenants/:id', async (req, res) => sendWritten(res, 200, await creds.updateTenant(id(req), req.body)))
  r.delete('/iam-tenants/:id', async (req, res) => sendWritten(res, 204, await creds.deleteTenant(id(req))))
  r.get('/iam-tenants/:id/endpoint-info', (req, res) => {
    const t = creds.getTenant(id(req))
    res.json(endpointInfo(origin(), t))
  })
  r.get('/iam-tenants/:id/tokens', (req, res) => {
    res.json(creds.listTokens(id(req)))
  })
  r.post('/iam-tenants/:id/tokens', async (req, res) => sendWritten(res, 201, await creds.createToken(id(req), req.body)))
  r.patch('/iam-tokens/:id', async (req, res) => sendWritten(res, 200, await creds.updateToken(id(req), req.body)))
  r.delete('/iam-tokens/:id', async (req, res) => sendWritten(res, 204, await creds.revokeToken(id(req))))
}
