import { timingSafeEqual } from 'node:crypto'
import { tokenRefusal, type IamScimToken } from '../../core/tokens/scim-tokens'
import type { StoreReader } from '../../core/store/memory-store'
import { sha256 } from '../secrets'

export type ScimTokenCheck = { ok: true; token: IamScimToken } | { ok: false; reason: string }

/** The bearer credential of an `Authorization` header, or null when there is none. */
export function bearerOf(header: string | undefined): string | null {
  const m = /^\s*Bearer\s+(\S+)\s*$/i.exec(header ?? '')
  return m ? m[1]! : null
}

/**
 * Is this bearer a live SCIM token of tenant T? The one check every IAM SCIM request goes through: the token's
 * SHA-256 digest is looked up (the secret itself is never stored), the digests compared in constant time, and the
 * token must be of that tenant, enabled, not revoked and not expired — a PATCH or DELETE takes effect on the next
 * request.
 */
export function checkScimToken(store: StoreReader, tenantId: string, bearer: string | null, now: Date): ScimTokenCheck {
  if (!bearer) return { ok: false, reason: 'Authorization: Bearer <SCIM token> is required' }
  const digest = sha256(bearer)
  const found = store.findOne('iamScimTokens', 'digest', digest)
  if (!found || !digestsEqual(digest, found.tokenSha256)) return { ok: false, reason: 'the bearer token is not a SCIM token of this tenant' }
  const refusal = tokenRefusal(found, tenantId, now)
  if (refusal) return { ok: false, reason: refusal === 'the token belongs to another tenant' ? 'the bearer token is not a SCIM token of this tenant' : refusal }
  return { ok: true, token: found }
}

function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex')
  const y = Buffer.from(b.toLowerCase(), 'hex')
  return x.length === 32 && y.length === 32 && timingSafeEqual(x, y)
}
