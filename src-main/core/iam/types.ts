import type { DomainEvent } from '@shared/events'
import type { IamEnvelope, IamKind, IamList } from '@shared/iam'

/**
 * The IAM SCIM provider's core (PRODUCT.md §3.4), as the HTTP adapter (src-main/server/iam/router.ts) calls it.
 * Every failure is a ScimError (core/errors.ts) carrying the status and scimType the SCIM error body shows:
 * 400 invalidValue (a missing required field or wrong type, named; an unknown id in a relation, named),
 * 400 invalidPath / noTarget / invalidSyntax (PATCH), 400 invalidFilter, 404 (unknown id in this tenant and kind),
 * 409 uniqueness (a taken name / slug / userName / displayName / client-chosen id) and 409 (delete of a resource
 * still referenced, the message naming who refers to it). On any error nothing changes.
 */
export interface IamApi {
  list(tenantId: string, kind: IamKind, query: IamListQuery, base: string): IamList
  get(tenantId: string, kind: IamKind, id: string, base: string): IamEnvelope
  create(tenantId: string, kind: IamKind, body: unknown, base: string): Promise<IamWritten<IamEnvelope>>
  /** PUT: the kind's `replace` body (src-shared/iam.ts IAM_BODIES). */
  replace(tenantId: string, kind: IamKind, id: string, body: unknown, base: string): Promise<IamWritten<IamEnvelope>>
  /** PATCH: `{Operations|operations, schemas}` with RFC string paths or the reference's structured path objects. */
  patch(tenantId: string, kind: IamKind, id: string, body: unknown, base: string): Promise<IamWritten<IamEnvelope>>
  delete(tenantId: string, kind: IamKind, id: string): Promise<IamWritten<null>>
}

/** Raw query parameters (strings as they came); the service validates them (400 invalidValue / invalidFilter). */
export interface IamListQuery {
  filter?: string
  startIndex?: string
  count?: string
}

export interface IamWritten<T> {
  value: T
  /** The committed domain events (for the request log entry). */
  events: DomainEvent[]
}

/** What the core needs from outside that it must not do itself (no `node:` imports in the core). */
export interface IamServiceOptions {
  /** SHA-256 hex digest of a password (stored instead of the password). */
  hashPassword(password: string): string
  /** A fresh random password, for `generatePassword: true`. */
  generatePassword(): string
}
