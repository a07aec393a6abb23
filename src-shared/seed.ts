import { z } from 'zod'
import { IAM_KIND_INFO, iamKindSchema, iamNounWithArticle, iamWireFormatSchema, type IamKind } from './iam'
import { iamUniqueKeysOf, walkIamRelations } from './iam-relations'
import { compatibilitySchema, permissionSchema } from './workspace'

/**
 * A seed file (PRODUCT.md §2.1): recreates a setup exactly. Ids and secrets given are used as given; a secret the
 * sandbox stores as a digest may be given as its SHA-256 instead. Unknown fields are errors that name the field.
 */
const id = z.string().min(1).max(200)
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 digest')
/** The engine's own userName rule (an address with an @, dots optional): what SCIM provisioning accepts, a seed accepts. */
const email = z.string().regex(/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)*$/, 'must be an email address')
const timestamp = z.string().datetime({ offset: true })

/**
 * SCIM resources a config has provisioned (what an export carries, so a support engineer reproduces a customer's
 * state): each with its SCIM id, its attributes as stored (canonical form, without `id` and `meta`, which are derived),
 * its version (the ETag), and its timestamps (meta.created / meta.lastModified).
 */
const scimData = z
  .record(z.string(), z.unknown())
  .refine((d) => !('id' in d) && !('meta' in d), '"id" and "meta" are derived: give the id beside "data", not in it')
const resourceCommon = {
  id,
  data: scimData,
  version: z.number().int().min(1).default(1),
  createdAt: timestamp.optional(),
  updatedAt: timestamp.optional(),
}
/** A provisioned User: linked to the project account (or status-page private user) with `accountEmail`. */
const seedScimUserFields = { ...resourceCommon, accountEmail: email }
export const seedProjectScimUserSchema = z
  .object({
    ...seedScimUserFields,
    /** Teams a deactivation took the account out of, which reactivation gives back. */
    suspendedTeams: z.array(id).default([]),
  })
  .strict()
export const seedStatusPageScimUserSchema = z.object(seedScimUserFields).strict()
/** A pushed Group, with the project team it maps to (that team's `scimConfigId` is this config). */
export const seedScimGroupSchema = z.object({ ...resourceCommon, teamId: id }).strict()
export const seedProjectProvisionedSchema = z
  .object({ users: z.array(seedProjectScimUserSchema).default([]), groups: z.array(seedScimGroupSchema).default([]) })
  .strict()
export const seedStatusPageProvisionedSchema = z.object({ users: z.array(seedStatusPageScimUserSchema).default([]) }).strict()

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
  .object({
    ...scimCommon,
    defaultTeams: z.array(id).optional(),
    enablePushGroups: z.boolean().optional(),
    provisioned: seedProjectProvisionedSchema.optional(),
  })
  .strict()
export const seedStatusPageScimSchema = z.object({ ...scimCommon, provisioned: seedStatusPageProvisionedSchema.optional() }).strict()

export const seedApiKeySchema = z
  .object({
    id: id.optional(),
    name: z.string().min(1),
    key: z.string().min(8).optional(),
    keySha256: sha256.optional(),
    /** The first characters of the key, kept to tell keys apart (taken from `key` when that is given). */
    keyPrefix: z.string().max(12).optional(),
    permissions: z.array(permissionSchema).min(1),
  })
  .strict()
  .refine((k) => (k.key === undefined) !== (k.keySha256 === undefined), 'give exactly one of "key" or "keySha256"')

export const seedProjectSchema = z
  .object({
    id,
    name: z.string().min(1),
    teams: z.array(z.object({ id, name: z.string().min(1) }).strict()).default([]),
    users: z.array(z.object({ id: id.optional(), email, name: z.string().default(''), teams: z.array(id).default([]) }).strict()).default([]),
    apiKeys: z.array(seedApiKeySchema).default([]),
    scim: z.array(seedProjectScimSchema).default([]),
    statusPages: z
      .array(
        z
          .object({
            id,
            name: z.string().min(1),
            /** `active: false` while a SCIM deprovision has taken the person's access away. */
            privateUsers: z.array(z.object({ id: id.optional(), email, active: z.boolean().default(true) }).strict()).default([]),
            scim: z.array(seedStatusPageScimSchema).default([]),
          })
          .strict(),
      )
      .default([]),
  })
  .strict()

/**
 * A resource of a tenant's IAM SCIM provider (PRODUCT.md §3.4), as stored: `data` is the kind's normalized form
 * (src-shared/iam.ts `IamDataOf`, relations as ids), checked loosely here (an object without `id`, `meta` or
 * `password`; references resolved on the whole seed below). Passwords are never in a seed: an imported user has none.
 */
export const seedIamResourceSchema = z
  .object({
    kind: iamKindSchema,
    id,
    externalId: z.string().optional(),
    data: z
      .record(z.string(), z.unknown())
      .refine((d) => !('id' in d) && !('meta' in d), '"id" and "meta" are derived: give the id beside "data", not in it')
      .refine((d) => !('password' in d), 'passwords are never in a seed (an imported user has none; set one over the IAM SCIM API)'),
    version: z.number().int().min(1).default(1),
    createdAt: timestamp.optional(),
    updatedAt: timestamp.optional(),
  })
  .strict()
export type SeedIamResource = z.infer<typeof seedIamResourceSchema>

export const seedIamSchema = z
  .object({
    tenants: z
      .array(
        z
          .object({
            id,
            name: z.string().min(1),
            /** How its IAM SCIM surface answers (src-shared/iam.ts); absent = the reference's envelope. */
            wireFormat: iamWireFormatSchema.optional(),
            resources: z.array(seedIamResourceSchema).default([]),
            scimTokens: z
              .array(
                z
                  .object({
                    id: id.optional(),
                    name: z.string().min(1),
                    token: z.string().min(8).optional(),
                    tokenSha256: sha256.optional(),
                    tokenPrefix: z.string().max(16).optional(),
                    expiresAt: timestamp.nullable().optional(),
                    enabled: z.boolean().optional(),
                    revokedAt: timestamp.nullable().optional(),
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
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
    /** Teams that a pushed Group maps to, so no two groups claim one team. */
    const groupTeams = new Map<string, string>()
    seed.projects.forEach((p, pi) => {
      unique('project', p.id, ['projects', pi, 'id'])
      const teamIds = new Set(p.teams.map((t) => t.id))
      p.teams.forEach((t, ti) => unique('team', t.id, ['projects', pi, 'teams', ti, 'id']))
      p.users.forEach((u, ui) =>
        u.teams.forEach((t, k) => {
          if (!teamIds.has(t)) issue(['projects', pi, 'users', ui, 'teams', k], `no team "${t}" in project "${p.id}"`)
        }),
      )
      const accountEmails = new Set(p.users.map((u) => u.email.toLowerCase()))
      p.scim.forEach((s, si) => {
        const at = ['projects', pi, 'scim', si]
        if (s.id) unique('scim config', s.id, [...at, 'id'])
        s.defaultTeams?.forEach((t, k) => {
          if (!teamIds.has(t)) issue([...at, 'defaultTeams', k], `no team "${t}" in project "${p.id}"`)
        })
        if (s.provisioned) {
          checkProvisioned(s.provisioned, [...at, 'provisioned'], accountEmails, `project "${p.id}"`, unique, issue)
          s.provisioned.users.forEach((u, ui) =>
            u.suspendedTeams.forEach((t, k) => {
              if (!teamIds.has(t)) issue([...at, 'provisioned', 'users', ui, 'suspendedTeams', k], `no team "${t}" in project "${p.id}"`)
            }),
          )
          s.provisioned.groups.forEach((g, gi) => {
            const path = [...at, 'provisioned', 'groups', gi, 'teamId']
            if (!teamIds.has(g.teamId)) issue(path, `no team "${g.teamId}" in project "${p.id}"`)
            else if (groupTeams.has(g.teamId)) issue(path, `team "${g.teamId}" is already the team of the group at ${groupTeams.get(g.teamId)}`)
            else groupTeams.set(g.teamId, path.slice(0, -1).join('.'))
          })
        }
      })
      p.statusPages.forEach((sp, spi) => {
        unique('status page', sp.id, ['projects', pi, 'statusPages', spi, 'id'])
        const emails = new Set(sp.privateUsers.map((u) => u.email.toLowerCase()))
        sp.scim.forEach((s, si) => {
          const at = ['projects', pi, 'statusPages', spi, 'scim', si]
          if (s.id) unique('scim config', s.id, [...at, 'id'])
          if (s.provisioned) checkProvisioned({ ...s.provisioned, groups: [] }, [...at, 'provisioned'], emails, `status page "${sp.id}" (its privateUsers)`, unique, issue)
        })
      })
    })
    seed.iam.tenants.forEach((t, ti) => {
      unique('tenant', t.id, ['iam', 'tenants', ti, 'id'])
      checkIamResources(t.resources, ['iam', 'tenants', ti, 'resources'], `tenant "${t.id}"`, unique, issue)
    })
  })

type Path = (string | number)[]
/**
 * One config's provisioned resources: ids unique across every config (Users and Groups share one id space, as
 * member references do), userName / displayName present and unique within the config, each User linked to an
 * account that the seed has, each Group member a User or Group of the same config.
 */
function checkProvisioned(
  prov: { users: { id: string; accountEmail: string; data: Record<string, unknown> }[]; groups: { id: string; data: Record<string, unknown> }[] },
  at: Path,
  accountEmails: Set<string>,
  owner: string,
  unique: (kind: string, value: string, path: Path) => void,
  issue: (path: Path, message: string) => void,
) {
  const ids = new Set<string>()
  const names = new Set<string>()
  prov.users.forEach((u, ui) => {
    unique('scim resource', u.id, [...at, 'users', ui, 'id'])
    ids.add(u.id)
    if (!accountEmails.has(u.accountEmail.toLowerCase())) issue([...at, 'users', ui, 'accountEmail'], `no account with email "${u.accountEmail}" in ${owner}`)
    const userName = u.data.userName
    if (typeof userName !== 'string' || userName === '') issue([...at, 'users', ui, 'data', 'userName'], 'userName is required')
    else if (names.has(userName.toLowerCase())) issue([...at, 'users', ui, 'data', 'userName'], `userName "${userName}" is provisioned twice in this config`)
    else names.add(userName.toLowerCase())
  })
  const groupNames = new Set<string>()
  prov.groups.forEach((g, gi) => {
    unique('scim resource', g.id, [...at, 'groups', gi, 'id'])
    ids.add(g.id)
    const name = g.data.displayName
    if (typeof name !== 'string' || name.trim() === '') issue([...at, 'groups', gi, 'data', 'displayName'], 'displayName is required')
    else if (groupNames.has(name.toLowerCase())) issue([...at, 'groups', gi, 'data', 'displayName'], `a group named "${name}" is given twice in this config`)
    else groupNames.add(name.toLowerCase())
  })
  prov.groups.forEach((g, gi) => {
    const members = g.data.members
    if (members === undefined) return
    if (!Array.isArray(members)) return issue([...at, 'groups', gi, 'data', 'members'], 'members must be an array')
    members.forEach((m, mi) => {
      const value = (m as { value?: unknown } | null)?.value
      if (typeof value !== 'string' || !ids.has(value) || value === g.id) {
        issue([...at, 'groups', gi, 'data', 'members', mi, 'value'], `member ${JSON.stringify(value ?? null)} is not a User or Group provisioned through this config`)
      }
    })
  })
}


/** The attribute each kind requires, as the IAM SCIM API does (uniqueness: iamUniqueKeysOf). */
const IAM_NAME_ATTR: Record<IamKind, string> = {
  action: 'name',
  resourceType: 'name',
  resource: 'name',
  permission: 'name',
  role: 'name',
  group: 'displayName',
  user: 'userName',
}

/**
 * One tenant's IAM resources: ids unique across the seed (one collection holds every tenant's), each kind's name
 * present and unique in the tenant (and `slug` too for resource types and resources), and every id the data refers to
 * present in the same tenant with the right kind — an action of a resource type, a resource's type, a statement's
 * actions and resource, a role's permissions, a member of a group or role.
 */
function checkIamResources(
  resources: { kind: IamKind; id: string; data: Record<string, unknown> }[],
  at: Path,
  owner: string,
  unique: (kind: string, value: string, path: Path) => void,
  issue: (path: Path, message: string) => void,
) {
  const kindOf = new Map<string, IamKind>()
  for (const r of resources) if (!kindOf.has(r.id)) kindOf.set(r.id, r.kind)
  const names = new Set<string>()
  resources.forEach((r, ri) => {
    const here = [...at, ri]
    unique('iam resource', r.id, [...here, 'id'])
    const required = IAM_NAME_ATTR[r.kind]
    const name = r.data[required]
    if (typeof name !== 'string' || name.trim() === '') issue([...here, 'data', required], `${required} is required`)
    for (const u of iamUniqueKeysOf(r.kind, r.data)) {
      const k = `${r.kind}:${u.attr}:${u.value.toLowerCase()}`
      if (names.has(k)) issue([...here, 'data', u.attr], `${u.attr} "${u.value}" is given to two ${IAM_KIND_INFO[r.kind].noun}s of ${owner}`)
      else names.add(k)
    }
    walkIamRelations(r.kind, r.data, {
      ref(value, kind, path) {
        const where = [...here, 'data', ...path]
        if (typeof value !== 'string') return issue(where, `must be the id of ${iamNounWithArticle(kind)}`)
        const found = kindOf.get(value)
        if (found === undefined) issue(where, `no ${IAM_KIND_INFO[kind].noun} "${value}" in ${owner}`)
        else if (found !== kind) issue(where, `"${value}" is ${iamNounWithArticle(found)}, not ${iamNounWithArticle(kind)}`)
      },
      malformed: (path, message) => issue([...here, 'data', ...path], message),
    })
  })
}

export type Seed = z.infer<typeof seedSchema>
export type SeedInput = z.input<typeof seedSchema>
