import type { NextFunction, Request, Response } from 'express'
import { ScimError } from '../../core/errors'
import { ERROR_SCHEMA } from '../../core/schema/definitions'
import type { ScimResponse } from '../../core/scim/api'

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8'

export function scimErrorBody(status: number, detail: string, scimType?: string) {
  return { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail }
}

export function sendScimError(res: Response, e: ScimError) {
  res.status(e.status).type(SCIM_CONTENT_TYPE).send(JSON.stringify(scimErrorBody(e.status, e.detail, e.scimType)))
}

/** Writes an engine response: SCIM content type on every response (Entra b.1.14), events kept for the request log. */
export function sendScim(res: Response, r: ScimResponse) {
  if (r.events?.length) res.locals.events = [...((res.locals.events as unknown[]) ?? []), ...r.events]
  for (const [k, v] of Object.entries(r.headers ?? {})) res.setHeader(k, v)
  res.status(r.status)
  if (r.body === undefined) {
    res.end()
    return
  }
  res.type(SCIM_CONTENT_TYPE).send(JSON.stringify(r.body))
}

const JSON_TYPES = /^application\/(scim\+)?json\b|\+json\b/i

/**
 * Parses the JSON body ourselves (after express.text collected it under the size limit) so that malformed JSON
 * is a SCIM 400 invalidSyntax rather than Express's HTML error page, and the raw text is what the log records.
 */
export function parseJsonBody(req: Request): unknown {
  const raw = typeof req.body === 'string' ? req.body : ''
  if (raw.trim() === '') return undefined
  const type = req.headers['content-type']
  if (type && !JSON_TYPES.test(type)) {
    throw new ScimError(415, `Content-Type ${type} is not supported: send application/scim+json or application/json`, 'invalidSyntax')
  }
  try {
    return JSON.parse(raw)
  } catch (e) {
    throw new ScimError(400, `The request body is not valid JSON: ${(e as Error).message}`, 'invalidSyntax')
  }
}

/** Maps body-reader failures (too large, bad encoding) and engine errors to the SCIM error shape. */
export function scimErrorHandler(err: unknown, _req: Request, res: Response, next: NextFunction) {
  if (res.headersSent) return next(err)
  if (err instanceof ScimError) return sendScimError(res, err)
  const e = err as { type?: string; status?: number; limit?: number; message?: string }
  if (e.type === 'entity.too.large') return sendScimError(res, new ScimError(413, `The request body is larger than the limit of ${e.limit} bytes`))
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) return sendScimError(res, new ScimError(e.status, e.message ?? 'Bad request', 'invalidSyntax'))
  res.locals.internalError = (err as Error)?.stack ?? String(err)
  return sendScimError(res, new ScimError(500, 'Internal server error: the request was not applied'))
}
