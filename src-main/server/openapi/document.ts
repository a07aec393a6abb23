import { z } from 'zod'
import { controlErrorSchema } from '@shared/control'
import { httpErrorOut, httpValidationError, oauthErrorOut, SCIM_TOKENS_READ, SCIM_TOKENS_WRITE } from '@shared/tokens'
import { scimErrorOut } from '../http/scim-router'
import type { RouteDoc } from '../http/route-table'

/** One mounted table: where Express mounts it (Express syntax, e.g. `/scim/v2/:scimId`) and its routes. */
export interface Surface {
  mount: string
  routes: readonly RouteDoc[]
  /** Overrides each route's tag (e.g. to tell an alias mount apart). */
  tag?: string
  /** Content type of JSON answers (default application/json). */
  responseContentType?: string
}

export interface OpenApiInput {
  origin: string
  version: string
  surfaces: readonly Surface[]
}

type Json = Record<string, unknown>

/** Shared schemas put once in components.schemas; a route using one of these very schemas refers to it. */
const SHARED: [string, z.ZodType][] = [
  ['ScimError', scimErrorOut],
  ['ControlError', controlErrorSchema],
  ['HttpError', httpErrorOut],
  ['HttpValidationError', httpValidationError],
  ['OAuthError', oauthErrorOut],
]

/** `/a/:b/c` → `/a/{b}/c`. */
export const toOpenApiPath = (express: string) => express.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}')

const joinPath = (mount: string, path: string) => (mount.replace(/\/$/, '') + (path.startsWith('/') ? path : `/${path}`)) || '/'

/** A zod schema as JSON Schema draft 2020-12 (what OpenAPI 3.1 uses), without `$schema`. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json
  delete out.$schema
  return withoutRefProperties(out)
}

/**
 * SCIM has attributes literally named "$ref" (a member's, a manager's). JSON Schema allows such a property, but OpenAPI
 * tools (the validator, Postman, Swagger UI) read any "$ref" key as a reference and break, so it is left out of
 * `properties`, the object stays open to it, and the description says so.
 */
function withoutRefProperties(node: unknown): Json {
  if (Array.isArray(node)) return node.map(withoutRefProperties) as unknown as Json
  if (typeof node !== 'object' || node === null) return node as Json
  const out: Json = {}
  for (const [k, v] of Object.entries(node)) out[k] = withoutRefProperties(v)
  const props = out.properties as Json | undefined
  if (props && typeof props === 'object' && Object.hasOwn(props, '$ref')) {
    delete props.$ref
    if (out.additionalProperties === false) delete out.additionalProperties
    const note = 'Also takes "$ref" (a string), not listed here because OpenAPI tools would read it as a reference.'
    out.description = typeof out.description === 'string' ? `${out.description} ${note}` : note
  }
  return out
}

const SECURITY: Record<RouteDoc['auth'], (scopes: string[]) => Json[]> = {
  apiKey: () => [{ ApiKey: [] }],
  oauthBearer: (scopes) => [{ OAuth2: scopes }, { BearerJWT: [] }],
  scimBearer: () => [{ ScimBearer: [] }],
  iamScimToken: () => [{ IamScimToken: [] }],
  adminSecret: () => [{ SandboxSecret: [] }],
  none: () => [],
}

function responseSchema(schema: z.ZodType): Json {
  const shared = SHARED.find(([, s]) => s === schema)
  return shared ? { $ref: `#/components/schemas/${shared[0]}` } : jsonSchema(schema, 'output')
}

function parameters(route: RouteDoc, path: string): Json[] {
  const out: Json[] = []
  const pathNames = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!)
  const paramProps = objectProps(route.request?.params)
  for (const name of pathNames) out.push({ name, in: 'path', required: true, schema: paramProps.props[name] ?? { type: 'string' } })
  const query = objectProps(route.request?.query)
  for (const [name, schema] of Object.entries(query.props)) out.push({ name, in: 'query', required: query.required.includes(name), schema })
  return out
}

function objectProps(schema: z.ZodType | undefined): { props: Record<string, Json>; required: string[] } {
  if (!schema) return { props: {}, required: [] }
  const js = jsonSchema(schema, 'input')
  return { props: (js.properties as Record<string, Json>) ?? {}, required: (js.required as string[]) ?? [] }
}

function operationId(method: string, path: string): string {
  const words = path
    .replace(/[{}]/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
  return [method, ...words].map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1))).join('')
}

/** The OpenAPI 3.1 document of every surface, from the route tables (their zod schemas included). */
export function openApiDocument(input: OpenApiInput): Json {
  const paths: Record<string, Record<string, Json>> = {}
  const tags = new Set<string>()
  const ids = new Set<string>()
  for (const surface of input.surfaces) {
    for (const route of surface.routes) {
      const path = toOpenApiPath(joinPath(surface.mount, route.path))
      const tag = surface.tag ?? route.tag
      tags.add(tag)
      let opId = operationId(route.method, path)
      for (let n = 2; ids.has(opId); n++) opId = `${operationId(route.method, path)}${n}`
      ids.add(opId)
      const responseType = surface.responseContentType ?? 'application/json'
      const responses: Record<string, Json> = {}
      for (const [status, r] of Object.entries(route.responses)) {
        responses[status] = r.schema && status !== '204' ? { description: r.description, content: { [responseType]: { schema: responseSchema(r.schema) } } } : { description: r.description }
      }
      const op: Json = {
        operationId: opId,
        summary: route.summary,
        tags: [tag],
        security: SECURITY[route.auth](route.scopes ?? []),
        parameters: parameters(route, path),
        responses,
      }
      if (route.request?.body) {
        const schema = jsonSchema(route.request.body, 'input')
        const types = route.request.bodyContentTypes ?? ['application/json']
        op.requestBody = { required: true, content: Object.fromEntries(types.map((t) => [t, { schema }])) }
      }
      ;(paths[path] ??= {})[route.method] = op
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'SCIM Sandbox',
      version: input.version,
      description:
        'Every surface of the SCIM Sandbox: Project SCIM and Status Page SCIM (each also under /api/identity), the resource API, ' +
        'the SCIM tokens admin API and its OAuth token endpoint, the IAM SCIM surface, and the control API (/_sandbox/api) the UI uses. ' +
        'Generated from the route tables and zod schemas the server routes and validates with.',
    },
    servers: [{ url: input.origin }],
    tags: [...tags].map((name) => ({ name })),
    paths,
    components: {
      schemas: Object.fromEntries(SHARED.map(([name, schema]) => [name, jsonSchema(schema, 'output')])),
      securitySchemes: {
        ApiKey: { type: 'apiKey', in: 'header', name: 'ApiKey', description: 'A resource API key of the project' },
        OAuth2: {
          type: 'oauth2',
          description: 'Client-credentials grant of an OAuth client made in the UI',
          flows: {
            clientCredentials: {
              tokenUrl: `${input.origin}/api/v1/oauth/token`,
              scopes: { [SCIM_TOKENS_READ]: 'Read SCIM tokens', [SCIM_TOKENS_WRITE]: 'Create, change and revoke SCIM tokens' },
            },
          },
        },
        BearerJWT: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An access token from POST /api/v1/oauth/token' },
        ScimBearer: { type: 'http', scheme: 'bearer', description: 'The bearer token of the SCIM configuration named by {scimId}' },
        IamScimToken: { type: 'http', scheme: 'bearer', description: 'A SCIM token of the tenant, from POST /api/v1/admin/scim-tokens/' },
        SandboxSecret: { type: 'apiKey', in: 'header', name: 'X-Sandbox-Secret', description: 'The admin secret the sandbox prints at start (also Authorization: Bearer, or ?secret= for event streams)' },
      },
    },
  }
}
