import type { CollectionName, RecordOf } from '@shared/workspace'
import { iamRefsOf, iamUniqueKeysOf } from '@shared/iam-relations'

/**
 * An index maps a key of a record (`key`, or several with `keys`) to the ids of the records that have it.
 * Single-key indexes return a string, not an array: at 100,000 users that is a million fewer allocations at load.
 */
export type IndexDef<C extends CollectionName> = { key(rec: RecordOf<C>): string | undefined } | { keys(rec: RecordOf<C>): string[] }

const lower = (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : '')
const k = (...parts: string[]) => parts.join('\u0000')

/** Key helpers so callers build lookup keys exactly as the index does. */
export const key = {
  projectEmail: (projectId: string, email: string) => k(projectId, email.toLowerCase()),
  configValue: (configId: string, value: string) => k(configId, value),
  configValueCi: (configId: string, value: string) => k(configId, value.toLowerCase()),
  teamUser: (teamId: string, userId: string) => k(teamId, userId),
  statusPageEmail: (statusPageId: string, email: string) => k(statusPageId, email.toLowerCase()),
  tenantKind: (tenantId: string, kind: string) => k(tenantId, kind),
  iamUnique: (tenantId: string, kind: string, attr: string, value: string) => k(tenantId, kind, attr, value.toLowerCase()),
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
    project: { key: (r) => r.projectId },
    config: { key: (r) => r.scimConfigId ?? undefined },
  },
  accounts: {
    projectEmail: { key: (r) => key.projectEmail(r.projectId, r.email) },
    project: { key: (r) => r.projectId },
  },
  teamMembers: {
    teamUser: { key: (r) => key.teamUser(r.teamId, r.userId) },
    team: { key: (r) => r.teamId },
    user: { key: (r) => r.userId },
  },
  statusPages: { project: { key: (r) => r.projectId } },
  privateUsers: {
    statusPageEmail: { key: (r) => key.statusPageEmail(r.statusPageId, r.email) },
    statusPage: { key: (r) => r.statusPageId },
  },
  scimConfigs: { project: { key: (r) => r.projectId } },
  scimUsers: {
    config: { key: (r) => r.configId },
    userName: { key: (r) => key.configValueCi(r.configId, String(r.data.userName ?? '')) },
    externalId: { key: (r) => (typeof r.data.externalId === 'string' ? key.configValue(r.configId, r.data.externalId) : undefined) },
    email: { keys: (r) => emailsOf(r.data).map((e) => key.configValue(r.configId, e)) },
  },
  scimGroups: {
    config: { key: (r) => r.configId },
    displayName: { key: (r) => key.configValueCi(r.configId, String(r.data.displayName ?? '')) },
    externalId: { key: (r) => (typeof r.data.externalId === 'string' ? key.configValue(r.configId, r.data.externalId) : undefined) },
    team: { key: (r) => r.teamId },
    /** Group ids by member value, so a user's `groups` and a member's removal never scan all groups. */
    member: { keys: (r) => memberValuesOf(r.data).map((v) => key.configValue(r.configId, v)) },
  },
  apiKeys: { project: { key: (r) => r.projectId }, digest: { key: (r) => r.keySha256 } },
  iamTenants: {},
  iamScimTokens: { tenant: { key: (r) => r.tenantId }, digest: { key: (r) => r.tokenSha256 } },
  iamResources: {
    tenant: { key: (r) => r.tenantId },
    tenantKind: { key: (r) => key.tenantKind(r.tenantId, r.kind) },
    /** Who refers to an id: a delete is refused (or cascades) without scanning the tenant. */
    refs: { keys: (r) => [...new Set(iamRefsOf(r.kind, r.data).map((ref) => ref.id))] },
    /** name / slug / userName / displayName, case-insensitive, per tenant and kind (duplicates are 409). */
    unique: { keys: (r) => iamUniqueKeysOf(r.kind, r.data).map((u) => key.iamUnique(r.tenantId, r.kind, u.attr, u.value)) },
  },
  oauthClients: {},
} satisfies { [C in CollectionName]: Record<string, IndexDef<C>> }

export type IndexName<C extends CollectionName> = keyof (typeof indexDefs)[C] & string
