import type { NextFunction, Request, Response } from 'express'
import { secretsEqual } from '../../secrets'
import { ControlError } from './errors'

/**
 * The admin secret made at start, as `Authorization: Bearer`, `X-Sandbox-Secret`, or `?secret=` (for EventSource,
 * which cannot send headers). Checked before anything else, body included: without it every route is the same 401.
 */
export function adminAuth(adminSecret: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const auth = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1]
    const given = auth ?? req.header('x-sandbox-secret') ?? (typeof req.query.secret === 'string' ? req.query.secret : undefined)
    if (!given || !secretsEqual(given, adminSecret)) return next(new ControlError(401, 'the admin secret is missing or wrong'))
    // Answers carry tokens and secrets: no cache keeps them.
    res.setHeader('Cache-Control', 'no-store')
    next()
  }
}
