import { z } from 'zod'
import { compatibilitySchema, permissionSchema } from './workspace'

/**
 * A seed file (PRODUCT.md §2.1): recreates a setup exactly. Ids and secrets given are used as given; a secret the
 * sandbox stores as a digest may be given as its SHA-256 instead. Unknown fields are errors that name the field.
 */
const id = z.string().min(1).max(200)
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 digest')

const scimCommon = {
  id: id.optional(),
  name: z.string().min(1),
  description: z.string().optional(),
  bearerToken: z.string().min(8, 'a bearer token needs at least 8 characters'),
  autoProvisionUsers: z.boolean().optional(),
  autoDeprovisionUsers: z.boolean().optional(),
  compatibility: compatibilitySchema.optional(),
}

export const seedProjectScimSchema = z
  .object({ ...scimCommon, defaultTeams: z.array(id).optional(), enablePushGroups: z.boolean().optional() })
  .strict()
export const seedStatusPageScimSchema = z.object(scimCommon).strict()

export const seedApiKeySchema = z
  .object({
    id: id.optional(),
    name: z.string().min(1),
    key: z.string().min(8).optional(),
    keySha256: sha256.optional(),
    permissions: z.array(permissionSchema).min(1),
  })
  .strict()
  .refine((k) => (k.key === undefined) !== (k.keySha256 === undefined), 'give exactly one of "key" or "keySha256"')

export const seedProjectSchema = z
  .object({
    id,
    name: z.string().min(1),
    teams: z.array(z.object({ id, name: z.string().min(1) }).strict()).default([]),
    users: z.array(z.object({ id: id.optional(), email: z.string().email(), name: z.string().default(''), teams: z.array(id).default([]) }).strict()).default([]),
    apiKeys: z.array(seedApiKeySchema).default([]),
    scim: z.array(seedProjectScimSchema).default([]),
    statusPages: z
      .array(
        z
          .object({
            id,
            name: z.string().min(1),
            privateUsers: z.array(z.object({ id: id.optional(), email: z.string().email() }).strict()).default([]),
            scim: z.array(seedStatusPageScimSchema).default([]),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()

export const seedIamSchema = z
  .object({
    tenants: z
      .array(
        z
          .object({
            id,
            name: z.string().min(1),
            scimTokens: z
              .array(
                z
                  .object({
                    id: id.optional(),
                    name: z.string().min(1),
                    token: z.string().min(8).optional(),
                    tokenSha256: sha256.optional(),
                    expiresAt: z.string().datetime({ offset: true }).nullable().optional(),
                    enabled: z.boolean().optional(),
                  })
                  .strict()
                  .refine((t) => (t.token === undefined) !== (t.tokenSha256 === undefined), 'give exactly one of "token" or "tokenSha256"'),
              )
              .default([]),
          })
          .strict(),
      )
      .default([]),
    oauthClients: z
      .array(
        z
          .object({
            clientId: id,
            clientSecret: z.string().min(6).optional(),
            clientSecretSha256: sha256.optional(),
            scopes: z.array(z.enum(['scim-tokens:read', 'scim-tokens:write'])).default([]),
          })
          .strict()
          .refine((c) => (c.clientSecret === undefined) !== (c.clientSecretSha256 === undefined), 'give exactly one of "clientSecret" or "clientSecretSha256"'),
      )
      .default([]),
  })
  .strict()

export const seedSchema = z
  .object({
    $schema: z.string().optional(),
    projects: z.array(seedProjectSchema).default([]),
    iam: seedIamSchema.default({ tenants: [], oauthClients: [] }),
  })
  .strict()
  .superRefine((seed, ctx) => {
    // Cross-references and uniqueness: a seed that names a team or id twice, or a team that isn't there, is refused.
    const seen = new Map<string, string>()
    const unique = (kind: string, value: string, path: (string | number)[]) => {
      const k = `${kind}:${value}`
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path, message: `duplicate ${kind} id "${value}" (first at ${seen.get(k)})` })
      else seen.set(k, path.join('.'))
    }
    seed.projects.forEach((p, pi) => {
      unique('project', p.id, ['projects', pi, 'id'])
      const teamIds = new Set(p.teams.map((t) => t.id))
      p.teams.forEach((t, ti) => unique('team', t.id, ['projects', pi, 'teams', ti, 'id']))
      p.users.forEach((u, ui) =>
        u.teams.forEach((t, k) => {
          if (!teamIds.has(t)) ctx.addIssue({ code: 'custom', path: ['projects', pi, 'users', ui, 'teams', k], message: `no team "${t}" in project "${p.id}"` })
        }),
      )
      p.scim.forEach((s, si) => {
        if (s.id) unique('scim config', s.id, ['projects', pi, 'scim', si, 'id'])
        s.defaultTeams?.forEach((t, k) => {
          if (!teamIds.has(t)) ctx.addIssue({ code: 'custom', path: ['projects', pi, 'scim', si, 'defaultTeams', k], message: `no team "${t}" in project "${p.id}"` })
        })
      })
      p.statusPages.forEach((sp, spi) => {
        unique('status page', sp.id, ['projects', pi, 'statusPages', spi, 'id'])
        sp.scim.forEach((s, si) => s.id && unique('scim config', s.id, ['projects', pi, 'statusPages', spi, 'scim', si, 'id']))
      })
    })
    seed.iam.tenants.forEach((t, ti) => unique('tenant', t.id, ['iam', 'tenants', ti, 'id']))
  })

export type Seed = z.infer<typeof seedSchema>
export type SeedInput = z.input<typeof seedSchema>
