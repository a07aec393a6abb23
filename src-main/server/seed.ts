import { readFile } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import { IAM_USER_EXTENSION, type IamDataOf } from '@shared/iam'
import { seedSchema, type Seed, type SeedIamResource, type SeedInput } from '@shared/seed'
import { emptyWorkspace, type WorkspaceDoc } from '@shared/workspace'
import { randomSecret, sha256 } from './secrets'

export class SeedError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message)
    this.name = 'SeedError'
  }
}

/** Reads and validates a seed file; every problem is reported with its JSON path. */
export async function readSeedFile(file: string): Promise<Seed> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    throw new SeedError(file, `cannot read seed file ${file}: ${(e as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new SeedError(file, `seed file ${file} is not valid JSON: ${(e as Error).message}`)
  }
  return parseSeed(json, file)
}

export function parseSeed(json: unknown, file = 'seed'): Seed {
  const r = seedSchema.safeParse(json)
  if (!r.success) {
    const lines = r.error.issues.map((i) => {
      const path = i.path.length ? i.path.join('.') : '(root)'
      const keys = (i as { keys?: string[] }).keys
      return keys?.length ? `  ${path}: unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')}` : `  ${path}: ${i.message}`
    })
    throw new SeedError(file, `seed file ${file} is invalid:\n${lines.join('\n')}`)
  }
  return r.data
}

/** Secrets that exist only in this process's memory, to print once in the first start's banner. */
export interface SeedSecrets {
  iamTokens: { tenantId: string; name: string; token: string }[]
  apiKeys: { projectId: string; name: string; key: string }[]
  oauthClients: { clientId: string; clientSecret: string }[]
}

/** Turns a seed into a workspace, hashing the secrets the sandbox stores as digests. */
export function seedToWorkspace(seed: Seed, now = new Date()): { doc: WorkspaceDoc; secrets: SeedSecrets } {
  const t = now.toISOString()
  const stamps = { createdAt: t, updatedAt: t }
  const doc = emptyWorkspace()
  const secrets: SeedSecrets = { iamTokens: [], apiKeys: [], oauthClients: [] }
  for (const p of seed.projects) {
    doc.projects.push({ id: p.id, name: p.name, ...stamps })
    // A team a pushed Group maps to was made by that Group's config.
    const groupConfig = new Map<string, string>()
    const configIds = p.scim.map((s) => s.id ?? randomUUID())
    p.scim.forEach((s, i) => s.provisioned?.groups.forEach((g) => groupConfig.set(g.teamId, configIds[i]!)))
    for (const team of p.teams) doc.teams.push({ id: team.id, projectId: p.id, name: team.name, scimConfigId: groupConfig.get(team.id) ?? null, ...stamps })
    const accountByEmail = new Map<string, string>()
    for (const u of p.users) {
      const accountId = u.id ?? randomUUID()
      doc.accounts.push({ id: accountId, projectId: p.id, email: u.email, name: u.name, ...stamps })
      if (!accountByEmail.has(u.email.toLowerCase())) accountByEmail.set(u.email.toLowerCase(), accountId)
      for (const teamId of u.teams) doc.teamMembers.push({ id: randomUUID(), projectId: p.id, teamId, userId: accountId, ...stamps })
    }
    for (const k of p.apiKeys) {
      if (k.key) secrets.apiKeys.push({ projectId: p.id, name: k.name, key: k.key })
      doc.apiKeys.push({
        id: k.id ?? randomUUID(), projectId: p.id, name: k.name, keySha256: k.keySha256 ?? sha256(k.key!), keyPrefix: k.keyPrefix ?? (k.key ?? '').slice(0, 6),
        permissions: k.permissions, ...stamps,
      })
    }
    p.scim.forEach((s, i) => {
      const id = configIds[i]!
      doc.scimConfigs.push({
        id, kind: 'project', projectId: p.id, statusPageId: null, name: s.name, description: s.description ?? '',
        bearerToken: s.bearerToken, autoProvisionUsers: s.autoProvisionUsers ?? true, autoDeprovisionUsers: s.autoDeprovisionUsers ?? true,
        defaultTeams: s.defaultTeams ?? [], enablePushGroups: s.enablePushGroups ?? false, compatibility: s.compatibility ?? 'tolerant', ...stamps,
      })
      for (const u of s.provisioned?.users ?? []) {
        doc.scimUsers.push({ ...resource(u, id, stamps), accountId: accountByEmail.get(u.accountEmail.toLowerCase())!, suspendedTeamIds: u.suspendedTeams })
      }
      for (const g of s.provisioned?.groups ?? []) doc.scimGroups.push({ ...resource(g, id, stamps), teamId: g.teamId })
    })
    for (const sp of p.statusPages) {
      doc.statusPages.push({ id: sp.id, projectId: p.id, name: sp.name, ...stamps })
      const privateUserByEmail = new Map<string, string>()
      for (const pu of sp.privateUsers) {
        const puId = pu.id ?? randomUUID()
        doc.privateUsers.push({ id: puId, projectId: p.id, statusPageId: sp.id, email: pu.email, active: pu.active, ...stamps })
        if (!privateUserByEmail.has(pu.email.toLowerCase())) privateUserByEmail.set(pu.email.toLowerCase(), puId)
      }
      for (const s of sp.scim) {
        const id = s.id ?? randomUUID()
        doc.scimConfigs.push({
          id, kind: 'statusPage', projectId: p.id, statusPageId: sp.id, name: s.name, description: s.description ?? '',
          bearerToken: s.bearerToken, autoProvisionUsers: s.autoProvisionUsers ?? true, autoDeprovisionUsers: s.autoDeprovisionUsers ?? true,
          defaultTeams: [], enablePushGroups: false, compatibility: s.compatibility ?? 'tolerant', ...stamps,
        })
        for (const u of s.provisioned?.users ?? []) {
          doc.scimUsers.push({ ...resource(u, id, stamps), accountId: privateUserByEmail.get(u.accountEmail.toLowerCase())!, suspendedTeamIds: [] })
        }
      }
    }
  }
  for (const tenant of seed.iam.tenants) {
    doc.iamTenants.push({ id: tenant.id, name: tenant.name, ...(tenant.wireFormat ? { wireFormat: tenant.wireFormat } : {}), ...stamps })
    for (const tok of tenant.scimTokens) {
      if (tok.token) secrets.iamTokens.push({ tenantId: tenant.id, name: tok.name, token: tok.token })
      doc.iamScimTokens.push({
        id: tok.id ?? randomUUID(), tenantId: tenant.id, name: tok.name, tokenSha256: tok.tokenSha256 ?? sha256(tok.token!),
        tokenPrefix: tok.tokenPrefix ?? (tok.token ?? '').slice(0, 8), expiresAt: tok.expiresAt ?? null, enabled: tok.enabled ?? true,
        revokedAt: tok.revokedAt ?? null, ...stamps,
      })
    }
    for (const r of tenant.resources) {
      const createdAt = r.createdAt ?? stamps.createdAt
      doc.iamResources.push({
        id: r.id, tenantId: tenant.id, kind: r.kind, externalId: r.externalId ?? null, data: r.data, passwordSha256: null,
        version: r.version, createdAt, updatedAt: r.updatedAt ?? r.createdAt ?? stamps.updatedAt,
      })
    }
  }
  for (const c of seed.iam.oauthClients) {
    if (c.clientSecret) secrets.oauthClients.push({ clientId: c.clientId, clientSecret: c.clientSecret })
    doc.oauthClients.push({ id: c.clientId, clientSecretSha256: c.clientSecretSha256 ?? sha256(c.clientSecret!), scopes: c.scopes, ...stamps })
  }
  return { doc, secrets }
}

/** The stored part of a provisioned SCIM resource; timestamps default to the load time, the version to 1. */
function resource(r: { id: string; data: Record<string, unknown>; version: number; createdAt?: string; updatedAt?: string }, configId: string, stamps: { createdAt: string; updatedAt: string }) {
  return { id: r.id, configId, data: r.data, version: r.version, createdAt: r.createdAt ?? stamps.createdAt, updatedAt: r.updatedAt ?? r.createdAt ?? stamps.updatedAt }
}

/** The demo workspace of a first start: PRODUCT.md §2.1's example, with random secrets in place of the example ones. */
export function demoSeed(): Seed {
  const input: SeedInput = {
    projects: [
      {
        id: 'acme',
        name: 'Acme',
        teams: [{ id: 'eng', name: 'Engineering' }, { id: 'ops', name: 'Operations' }],
        users: [{ email: 'existing@acme.test', name: 'Existing User', teams: ['ops'] }],
        apiKeys: [
          { name: 'owner', key: randomSecret('key-'), permissions: ['ProjectOwner'] },
          { name: 'reader', key: randomSecret('key-'), permissions: ['ReadStatusPageSSO'] },
        ],
        scim: [
          {
            id: 'acme-okta', name: 'Okta', bearerToken: randomSecret('tok-'), autoProvisionUsers: true, autoDeprovisionUsers: true,
            defaultTeams: ['eng'], enablePushGroups: true, compatibility: 'tolerant',
          },
        ],
        statusPages: [
          { id: 'acme-status', name: 'Acme Status', scim: [{ id: 'acme-status-entra', name: 'Entra', bearerToken: randomSecret('tok-'), autoProvisionUsers: true, autoDeprovisionUsers: true }] },
        ],
      },
    ],
    iam: {
      tenants: [{ id: 'tenant-1', name: 'Demo tenant', scimTokens: [{ name: 'idp', token: randomSecret('tok-iam-') }], resources: demoIamResources() }],
      oauthClients: [{ clientId: 'admin-cli', clientSecret: randomSecret('sec-'), scopes: ['scim-tokens:read', 'scim-tokens:write'] }],
    },
  }
  return seedSchema.parse(input)
}

/**
 * The demo tenant's small access-control graph, so the Directory's IAM tab and the IAM SCIM API have something to show
 * at once: role "Release manager" grants permission "Deploy checkout" (deploy on the Checkout API, a Service) to Ada and
 * the SRE group (Grace). Data in the normalized form the IAM SCIM API stores (src-shared/iam.ts `IamDataOf`).
 */
function demoIamResources(): SeedIamResource[] {
  const action = (id: string, name: string, description: string): SeedIamResource => ({ kind: 'action', id, version: 1, data: { name, description, client_id: '' } satisfies IamDataOf['action'] })
  const user = (id: string, userName: string, givenName: string, familyName: string, login: string): SeedIamResource => ({
    kind: 'user',
    id,
    version: 1,
    data: {
      userName,
      active: true,
      displayName: `${givenName} ${familyName}`,
      name: { givenName, familyName },
      emails: [{ value: userName, type: 'work', primary: true }],
      [IAM_USER_EXTENSION]: { company: 'Acme', human: true, is_email_verified: true, preferredLoginName: login },
    } satisfies IamDataOf['user'],
  })
  return [
    action('act-read', 'read', 'Read a resource'),
    action('act-write', 'write', 'Change a resource'),
    action('act-deploy', 'deploy', 'Deploy a service'),
    { kind: 'resourceType', id: 'rt-service', version: 1, data: { name: 'Service', slug: 'service', description: 'A deployable service', client_id: '', actions: ['act-read', 'act-deploy'] } satisfies IamDataOf['resourceType'] },
    { kind: 'resource', id: 'res-checkout-api', version: 1, data: { name: 'Checkout API', slug: 'checkout-api', type: 'rt-service', description: 'Takes the orders', client_id: '' } satisfies IamDataOf['resource'] },
    {
      kind: 'permission',
      id: 'perm-deploy-checkout',
      version: 1,
      data: { name: 'Deploy checkout', description: 'Deploy the Checkout API', client_id: '', statements: [{ actions: ['act-deploy'], resource: 'res-checkout-api' }] } satisfies IamDataOf['permission'],
    },
    user('usr-ada', 'ada@acme.test', 'Ada', 'Lovelace', 'ada'),
    user('usr-grace', 'grace@acme.test', 'Grace', 'Hopper', 'grace'),
    { kind: 'group', id: 'grp-sre', version: 1, data: { displayName: 'SRE', members: [{ value: 'usr-grace', type: 'User' }] } satisfies IamDataOf['group'] },
    {
      kind: 'role',
      id: 'role-release-manager',
      version: 1,
      data: {
        name: 'Release manager',
        description: 'Ships the checkout',
        client_id: '',
        claim_mapper: { team: 'release' },
        permissions: ['perm-deploy-checkout'],
        statements: [],
        members: [
          { value: 'usr-ada', type: 'User' },
          { value: 'grp-sre', type: 'Group' },
        ],
      } satisfies IamDataOf['role'],
    },
  ]
}
