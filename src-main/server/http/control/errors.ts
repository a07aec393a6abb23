import type { NextFunction, Request, Response } from 'express'
import type { ControlErrorBody, ControlIssue } from '@shared/control'
import { AdminError } from '../../../core/admin/errors'

/** An HTTP-level control-API error (auth, body reading, unknown route, bad query). */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly issues?: ControlIssue[],
  ) {
    super(message)
  }
}

/**
 * Every control-API failure as `{error, issues?}` JSON with its status — never Express's HTML page: bad input 400,
 * wrong secret 401, unknown 404, duplicate 409, body too large 413, anything else 500 with what went wrong.
 */
export function controlErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction) {
  if (res.headersSent) return next(err)
  const send = (status: number, body: ControlErrorBody) => res.status(status).json(body)
  if (err instanceof ControlError || err instanceof AdminError) {
    return send(err.status, { error: err.message, ...(err.issues?.length ? { issues: err.issues } : {}) })
  }
  const e = err as { type?: string; status?: number; limit?: number; message?: string }
  if (e?.type === 'entity.too.large') return send(413, { error: `the request body is larger than the limit of ${e.limit} bytes` })
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return send(e.status, { error: e.message ?? 'bad request' })
  res.locals.internalError = (err as Error)?.stack ?? String(err)
  return send(500, { error: `internal error: ${(err as Error)?.message ?? String(err)}` })
}
