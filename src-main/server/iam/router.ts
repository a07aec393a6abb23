import { Router, type NextFunction, type Request, type Response } from 'express'
import type { StoreReader } from '../../core/store/memory-store'
import { bearerOf, checkScimToken } from './token-auth'

export const IAM_SCIM_MOUNT = '/iam/scim/v2/:tenantId'
const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error'
const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'

export interface IamDeps {
  store: StoreReader
  origin: () => string
  now?: () => Date
}

function scimError(res: Response, status: number, detail: string) {
  if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="iam-scim"')
  res.status(status).type('application/scim+json').send(JSON.stringify({ schemas: [SCIM_ERROR], status: String(status), detail }))
}

/**
 * The IAM SCIM provider's surface (PRODUCT.md §3.4). For now its auth (a live SCIM token of the tenant, from the
 * tokens admin API) and a ServiceProviderConfig to probe it with; the IAM resources build on the same guard.
 */
export function iamScimRouter(deps: IamDeps): Router {
  const router = Router({ mergeParams: true })
  const now = deps.now ?? (() => new Date())

  router.use((req: Request, res: Response, next: NextFunction) => {
    const tenantId = String((req.params as Record<string, string>).tenantId)
    if (!deps.store.get('iamTenants', tenantId)) return scimError(res, 404, `No IAM tenant "${tenantId}"`)
    const check = checkScimToken(deps.store, tenantId, bearerOf(req.header('authorization')), now())
    if (!check.ok) return scimError(res, 401, check.reason)
    res.locals.iamTokenId = check.token.id
    next()
  })

  router.get('/ServiceProviderConfig', (req, res) => {
    const base = `${deps.origin()}/iam/scim/v2/${encodeURIComponent(String((req.params as Record<string, string>).tenantId))}`
    res.type('application/scim+json').send(
      JSON.stringify({
        schemas: [SPC_SCHEMA],
        documentationUri: 'https://datatracker.ietf.org/doc/html/rfc7644',
        patch: { supported: true },
        bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
        filter: { supported: false, maxResults: 0 },
        changePassword: { supported: false },
        sort: { supported: false },
        etag: { supported: false },
        authenticationSchemes: [
          {
            type: 'oauthbearertoken',
            name: 'OAuth Bearer Token',
            description: 'A SCIM token of this tenant from the tokens admin API, sent as "Authorization: Bearer <token>".',
            specUri: 'https://www.rfc-editor.org/info/rfc6750',
            primary: true,
          },
        ],
        meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
      }),
    )
  })

  router.use((req, res) => scimError(res, 404, `No IAM SCIM endpoint ${req.method} ${req.path}`))
  return router
}
