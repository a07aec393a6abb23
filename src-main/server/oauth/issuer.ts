import { randomBytes, randomUUID } from 'node:crypto'
import { errors, jwtVerify, SignJWT, type JWTPayload } from 'jose'

/**
 * Issues and verifies the tokens admin API's access tokens: JWTs (RFC 9068 `at+jwt`) signed HS256 with a random
 * key made at start. The sandbox is both issuer and only verifier, so a shared secret needs no JWKS endpoint and no
 * key file; a restart makes a new key, so tokens do not survive it (they last an hour anyway; get another).
 */
export const DEFAULT_TOKEN_TTL_SECONDS = 3600

export interface AccessClaims extends JWTPayload {
  sub: string
  scope: string
  client_id: string
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: string }

export class OAuthIssuer {
  private readonly key: Uint8Array

  constructor(
    private readonly origin: () => string,
    readonly ttlSeconds = DEFAULT_TOKEN_TTL_SECONDS,
    key?: Uint8Array,
  ) {
    this.key = key ?? new Uint8Array(randomBytes(32))
  }

  get issuer(): string {
    return this.origin()
  }

  /** The audience: the admin API the tokens are for. */
  get audience(): string {
    return `${this.origin()}/api/v1/admin`
  }

  async issue(clientId: string, scopes: string[]): Promise<{ token: string; expiresIn: number }> {
    const now = Math.floor(Date.now() / 1000)
    const token = await this.sign({ sub: clientId, client_id: clientId, scope: scopes.join(' '), iat: now, exp: now + this.ttlSeconds })
    return { token, expiresIn: this.ttlSeconds }
  }

  /** Signs any claims with the server's key (iss, aud and jti filled in when absent); tests use it for expired tokens. */
  sign(claims: Partial<AccessClaims> & JWTPayload): Promise<string> {
    const now = Math.floor(Date.now() / 1000)
    const full: JWTPayload = { iss: this.issuer, aud: this.audience, jti: randomUUID(), iat: now, exp: now + this.ttlSeconds, ...claims }
    return new SignJWT(full).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' }).sign(this.key)
  }

  async verify(token: string): Promise<VerifyResult> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], issuer: this.issuer, audience: this.audience, typ: 'at+jwt', requiredClaims: ['exp', 'sub', 'scope'] })
      return { ok: true, claims: payload as AccessClaims }
    } catch (e) {
      return { ok: false, reason: reasonOf(e) }
    }
  }
}

function reasonOf(e: unknown): string {
  if (e instanceof errors.JWTExpired) return 'the access token has expired'
  if (e instanceof errors.JWSSignatureVerificationFailed) return 'the access token signature is invalid'
  if (e instanceof errors.JWTClaimValidationFailed) return `the access token's ${e.claim} claim is not valid here`
  return 'the access token is malformed or not issued by this sandbox'
}
