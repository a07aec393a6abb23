import type { CollectionName, RecordOf } from '@shared/workspace'

/** An index maps a key (or several) of a record to the ids of the records that have it. */
export interface IndexDef<C extends CollectionName> {
  keys(rec: RecordOf<C>): string[]
}

const lower = (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : '')
const k = (...parts: string[]) => parts.join('\u0000')

/** Key helpers so callers build lookup keys exactly as the index does. */
export const key = {
  projectEmail: (projectId: string, email: string) => k(projectId, email.toLowerCase()),
  configValue: (configId: string, value: string) => k(configId, value),
  configValueCi: (configId: string, value: string) => k(configId, value.toLowerCase()),
  teamUser: (teamId: string, userId: string) => k(teamId, userId),
  statusPageEmail: (statusPageId: string, email: string) => k(statusPageId, email.toLowerCase()),
}

function emailsOf(data: Record<string, unknown>): string[] {
  const emails = data.emails
  if (!Array.isArray(emails)) return []
  return emails.flatMap((e) => (e && typeof e === 'object' && typeof (e as { value?: unknown }).value === 'string' ? [lower((e as { value: string }).value)] : []))
}

function memberValuesOf(data: Record<string, unknown>): string[] {
  const members = data.members
  if (!Array.isArray(members)) return []
  return members.flatMap((m) => (m && typeof m === 'object' && typeof (m as { value?: unknown }).value === 'string' ? [(m as { value: string }).value] : []))
}

/**
 * Every lookup the engine makes goes through one of these, so no request scans a collection:
 * userName and email are case-insensitive (caseExact false), externalId and id are exact.
 */
export const indexDefs = {
  projects: {},
  teams: {
    project: { keys: (r) => [r.projectId] },
    config: { keys: (r) => (r.scimConfigId ? [r.scimConfigId] : []) },
  },
  accounts: {
    projectEmail: { keys: (r) => [key.projectEmail(r.projectId, r.email)] },
    project: { keys: (r) => [r.projectId] },
  },
  teamMembers: {
    teamUser: { keys: (r) => [key.teamUser(r.teamId, r.userId)] },
    team: { keys: (r) => [r.teamId] },
    user: { keys: (r) => [r.userId] },
  },
  statusPages: { project: { keys: (r) => [r.projectId] } },
  privateUsers: {
    statusPageEmail: { keys: (r) => [key.statusPageEmail(r.statusPageId, r.email)] },
    statusPage: { keys: (r) => [r.statusPageId] },
  },
  scimConfigs: { project: { keys: (r) => [r.projectId] } },
  scimUsers: {
    config: { keys: (r) => [r.configId] },
    userName: { keys: (r) => [key.configValueCi(r.configId, String(r.data.userName ?? ''))] },
    externalId: { keys: (r) => (typeof r.data.externalId === 'string' ? [key.configValue(r.configId, r.data.externalId)] : []) },
    email: { keys: (r) => emailsOf(r.data).map((e) => key.configValue(r.configId, e)) },
  },
  scimGroups: {
    config: { keys: (r) => [r.configId] },
    displayName: { keys: (r) => [key.configValueCi(r.configId, String(r.data.displayName ?? ''))] },
    externalId: { keys: (r) => (typeof r.data.externalId === 'string' ? [key.configValue(r.configId, r.data.externalId)] : []) },
    team: { keys: (r) => [r.teamId] },
    /** Group ids by member value, so a user's `groups` and a member's removal never scan all groups. */
    member: { keys: (r) => memberValuesOf(r.data).map((v) => key.configValue(r.configId, v)) },
  },
  apiKeys: { project: { keys: (r) => [r.projectId] }, digest: { keys: (r) => [r.keySha256] } },
  iamTenants: {},
  iamScimTokens: { tenant: { keys: (r) => [r.tenantId] }, digest: { keys: (r) => [r.tokenSha256] } },
  oauthClients: {},
} satisfies { [C in CollectionName]: Record<string, IndexDef<C>> }

export type IndexName<C extends CollectionName> = keyof (typeof indexDefs)[C] & string
