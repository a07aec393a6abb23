import express, { type NextFunction, type Request, type Response } from 'express'
import { ControlError } from './errors'

const JSON_TYPES = /^application\/([\w.+-]+\+)?json\b/i
/** An exported workspace with many provisioned users is far larger than any other request. */
export const IMPORT_BODY_LIMIT = 256 * 1024 * 1024
const IMPORT_PATH = '/workspace/import'

/**
 * Reads a JSON request body under the size limit and parses it ourselves, so malformed JSON is a 400 `{error}` and a
 * too-large body a 413 `{error}` (never Express's HTML page). `req.body` becomes the parsed value (undefined when
 * there is none); the raw text stays in `res.locals.rawBody` for the request log.
 */
export function jsonBody(limit: number) {
  const small = express.text({ type: () => true, limit })
  const large = express.text({ type: () => true, limit: Math.max(limit, IMPORT_BODY_LIMIT) })
  return (req: Request, res: Response, next: NextFunction) => {
    const read = req.path === IMPORT_PATH ? large : small
    read(req, res, (err?: unknown) => {
      if (err) return next(err)
      const raw = typeof req.body === 'string' ? req.body : ''
      if (raw.trim() === '') {
        req.body = undefined
        return next()
      }
      res.locals.rawBody = raw
      const type = req.headers['content-type']
      if (type && !JSON_TYPES.test(type)) return next(new ControlError(415, `Content-Type ${type} is not supported: send application/json`))
      try {
        req.body = JSON.parse(raw)
      } catch (e) {
        return next(new ControlError(400, `the request body is not valid JSON: ${(e as Error).message}`))
      }
      next()
    })
  }
}
