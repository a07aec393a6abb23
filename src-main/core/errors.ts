/**
 * A SCIM protocol error (RFC 7644 §3.12). Every failure inside the engine is thrown as one of these,
 * so the HTTP layer maps errors to the SCIM error body in exactly one place.
 */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'

export class ScimError extends Error {
  readonly status: number
  readonly scimType?: ScimType

  constructor(status: number, detail: string, scimType?: ScimType) {
    super(detail)
    this.name = 'ScimError'
    this.status = status
    this.scimType = scimType
  }

  get detail(): string {
    return this.message
  }
}

export const badRequest = (scimType: ScimType, detail: string) => new ScimError(400, detail, scimType)
export const notFound = (detail: string) => new ScimError(404, detail)
export const conflict = (detail: string) => new ScimError(409, detail, 'uniqueness')
export const forbidden = (detail: string) => new ScimError(403, detail)
