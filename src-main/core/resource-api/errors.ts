import { AdminError } from '../admin/errors'

/** A resource-API failure: its status and a message that names the field, permission or id at fault. */
export class ResourceApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409,
    message: string,
  ) {
    super(message)
    this.name = 'ResourceApiError'
  }
}

/** The admin layer's errors keep their status and message (a 409 is a taken email or a record still linked). */
export function fromAdminError(e: unknown): unknown {
  return e instanceof AdminError ? new ResourceApiError(e.status, e.message) : e
}
