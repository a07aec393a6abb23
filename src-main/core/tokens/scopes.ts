/** OAuth scope logic (RFC 6749 §3.3): space-delimited, case-sensitive, order-insensitive. Pure. */

export function parseScope(scope: string | undefined | null): string[] {
  if (!scope) return []
  return [...new Set(scope.split(' ').filter((s) => s !== ''))]
}

export type ScopeGrant = { ok: true; scopes: string[] } | { ok: false; unknown: string[] }

/**
 * The scopes a client-credentials request is granted: the requested ones when all are the client's, all of the
 * client's when none is requested (RFC 6749 §3.3 lets the server pick a default), else the scopes it may not have.
 */
export function grantScopes(requested: string | undefined | null, allowed: readonly string[]): ScopeGrant {
  const want = parseScope(requested)
  if (want.length === 0) return { ok: true, scopes: [...allowed] }
  const unknown = want.filter((s) => !allowed.includes(s))
  return unknown.length ? { ok: false, unknown } : { ok: true, scopes: want }
}

/** Whether a token's `scope` claim carries the one a route needs. */
export function hasScope(scopeClaim: unknown, needed: string): boolean {
  return typeof scopeClaim === 'string' && parseScope(scopeClaim).includes(needed)
}

/** A scope-token's grammar (RFC 6749 §3.3): printable ASCII except space, `"` and `\`. */
export function isValidScopeString(scope: string): boolean {
  return /^[\x21\x23-\x5B\x5D-\x7E]+( [\x21\x23-\x5B\x5D-\x7E]+)*$/.test(scope)
}
