import type { RecordOf } from '@shared/workspace'
import type { CreateScimTokenBody, PatchScimTokenBody, ScimTokenOut } from '@shared/tokens'
import type { StoreReader, Tx } from '../store/memory-store'

/**
 * IAM SCIM tokens (PRODUCT.md §3.5): create, update, revoke (soft delete), read. Pure: the secret and its digest
 * are made by the server and handed in; only the digest and a short prefix are stored.
 */
export type IamScimToken = RecordOf<'iamScimTokens'>

export class TokenNotFound extends Error {
  constructor(readonly what: 'tenant' | 'token', readonly id: string) {
    super(what === 'tenant' ? `Tenant not found: ${id}` : `SCIM token not found: ${id}`)
  }
}

export interface TokenContext {
  now: string
  id: string
}

/** The number of leading characters of a new token kept to tell tokens apart ("tok-iam-" plus four). */
export const TOKEN_PREFIX_LENGTH = 12

export function toOut(t: IamScimToken): ScimTokenOut {
  return {
    id: t.id,
    name: t.name,
    tenant_id: t.tenantId,
    token_prefix: t.tokenPrefix,
    created_at: t.createdAt,
    expires_at: t.expiresAt,
    enabled: t.enabled,
    revoked_at: t.revokedAt,
  }
}

const iso = (s: string | null | undefined) => (s == null ? null : new Date(s).toISOString())

export function requireTenant(r: StoreReader, tenantId: string) {
  const t = r.get('iamTenants', tenantId)
  if (!t) throw new TokenNotFound('tenant', tenantId)
  return t
}

export function requireToken(r: StoreReader, id: string): IamScimToken {
  const t = r.get('iamScimTokens', id)
  if (!t) throw new TokenNotFound('token', id)
  return t
}

/** Tokens newest first (then by id, so pages are stable), optionally of one tenant. */
export function listTokens(r: StoreReader, q: { tenantId?: string | null; page: number; perPage: number }) {
  if (q.tenantId != null) requireTenant(r, q.tenantId)
  const all = q.tenantId != null ? r.find('iamScimTokens', 'tenant', q.tenantId) : [...r.all('iamScimTokens')]
  all.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? 1 : -1))
  const start = (q.page - 1) * q.perPage
  return { items: all.slice(start, start + q.perPage).map(toOut), total: all.length, page: q.page, per_page: q.perPage }
}

export function createToken(tx: Tx, ctx: TokenContext, input: CreateScimTokenBody, secret: { sha256: string; prefix: string }): IamScimToken {
  const tenant = requireTenant(tx, input.tenant_id)
  const rec: IamScimToken = {
    id: ctx.id,
    tenantId: tenant.id,
    name: input.name,
    tokenSha256: secret.sha256,
    tokenPrefix: secret.prefix,
    expiresAt: iso(input.expires_at),
    enabled: true,
    revokedAt: null,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  tx.put('iamScimTokens', rec)
  tx.event({ type: 'iamToken.created', message: `created SCIM token ${rec.name} for IAM tenant ${tenant.name}${rec.expiresAt ? `, expiring ${rec.expiresAt}` : ''}`, resourceId: rec.id })
  return rec
}

export function updateToken(tx: Tx, ctx: TokenContext, id: string, input: PatchScimTokenBody): IamScimToken {
  const prev = requireToken(tx, id)
  const next: IamScimToken = {
    ...prev,
    ...(input.name != null ? { name: input.name } : {}),
    ...(input.expires_at !== undefined ? { expiresAt: iso(input.expires_at) } : {}),
    ...(input.enabled != null ? { enabled: input.enabled } : {}),
  }
  const changed: string[] = []
  if (next.name !== prev.name) changed.push(`renamed to ${next.name}`)
  if (next.expiresAt !== prev.expiresAt) changed.push(next.expiresAt ? `expires ${next.expiresAt}` : 'never expires')
  if (next.enabled !== prev.enabled) changed.push(next.enabled ? 'enabled' : 'disabled: refused from now on')
  if (!changed.length) return prev
  next.updatedAt = ctx.now
  tx.put('iamScimTokens', next)
  tx.event({ type: 'iamToken.updated', message: `SCIM token ${prev.name} of IAM tenant ${prev.tenantId}: ${changed.join(', ')}`, resourceId: id })
  return next
}

/** Soft delete: `revoked_at` is set and the token is refused at once; revoking again changes nothing. */
export function revokeToken(tx: Tx, ctx: TokenContext, id: string): IamScimToken {
  const prev = requireToken(tx, id)
  if (prev.revokedAt) return prev
  const next = { ...prev, revokedAt: ctx.now, updatedAt: ctx.now }
  tx.put('iamScimTokens', next)
  tx.event({ type: 'iamToken.revoked', message: `revoked SCIM token ${prev.name} of IAM tenant ${prev.tenantId}: refused from now on`, resourceId: id })
  return next
}

/** Why a stored token does not authenticate now, or null when it is live. */
export function tokenRefusal(t: IamScimToken, tenantId: string, now: Date): string | null {
  if (t.tenantId !== tenantId) return 'the token belongs to another tenant'
  if (t.revokedAt) return 'the token has been revoked'
  if (!t.enabled) return 'the token is disabled'
  if (t.expiresAt && Date.parse(t.expiresAt) <= now.getTime()) return 'the token has expired'
  return null
}
