import type { ControlIssue } from '@shared/control'

/**
 * A workspace-management error with the control API's status: 400 (bad input, with per-field issues), 404 (no such
 * thing), 409 (the id is taken). Thrown before or inside a transaction, so nothing is changed when it is.
 */
export class AdminError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly issues?: ControlIssue[],
  ) {
    super(message)
    this.name = 'AdminError'
  }
}

const describe = (i: ControlIssue) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`

export function invalid(issues: ControlIssue[], what = 'the request body is invalid'): AdminError {
  const shown = issues.slice(0, 5).map(describe).join('; ')
  return new AdminError(400, `${what}: ${shown}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`, issues)
}

export const notFound = (message: string) => new AdminError(404, message)
export const conflict = (message: string) => new AdminError(409, message)
