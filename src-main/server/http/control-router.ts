import express, { type NextFunction, type Request, type Response, type Router } from 'express'
import { logQuerySchema, type LogEntry } from '@shared/log'
import type { Directory, WorkspaceInfo } from '@shared/control'
import type { MemoryStore } from '../../core/store/memory-store'
import { secretsEqual } from '../secrets'
import type { RequestLogStore } from '../log/request-log-store'

export interface ControlDeps {
  adminSecret: string
  store: MemoryStore
  log: RequestLogStore
  info: () => WorkspaceInfo
}

/** How often the live stream sends what arrived, so a burst of 1,000 requests is a few messages, not 1,000. */
const STREAM_BATCH_MS = 200

class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * `/_sandbox/api`: the UI's API. Guarded by the admin secret made at start (header `Authorization: Bearer`,
 * `X-Sandbox-Secret`, or `?secret=` for EventSource, which cannot send headers). Errors are `{error}`.
 */
export function controlRouter(deps: ControlDeps): Router {
  const r = express.Router()
  r.use((req: Request, _res: Response, next: NextFunction) => {
    const auth = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '')?.[1]
    const given = auth ?? req.header('x-sandbox-secret') ?? (typeof req.query.secret === 'string' ? req.query.secret : undefined)
    if (!given || !secretsEqual(given, deps.adminSecret)) return next(new ControlError(401, 'the admin secret is missing or wrong'))
    next()
  })

  r.get('/info', (_req, res) => {
    res.json(deps.info())
  })

  r.get('/directory', (_req, res) => {
    res.json(directory(deps.store))
  })

  r.get('/log', (req, res) => {
    const q = logQuerySchema.safeParse(req.query)
    if (!q.success) throw new ControlError(400, q.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; '))
    res.json(deps.log.page(q.data))
  })

  r.get('/log/stream', (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' })
    res.write(': connected\n\n')
    let batch: LogEntry[] = []
    const unsubscribe = deps.log.subscribe((e) => batch.push(e))
    const timer = setInterval(() => {
      if (!batch.length) return
      const summaries = batch.map(({ requestHeaders: _a, responseHeaders: _b, requestBody: _c, responseBody: _d, ...s }) => ({ ...s, eventCount: s.events.length }))
      batch = []
      res.write(`event: entries\ndata: ${JSON.stringify(summaries)}\n\n`)
    }, STREAM_BATCH_MS)
    req.on('close', () => {
      clearInterval(timer)
      unsubscribe()
    })
  })

  r.get('/log/:seq', (req, res) => {
    const seq = Number(req.params.seq)
    const entry = Number.isInteger(seq) ? deps.log.get(seq) : undefined
    if (!entry) throw new ControlError(404, `no log entry ${req.params.seq}`)
    res.json(entry)
  })

  r.delete('/log', async (_req, res) => {
    await deps.log.clear()
    res.status(204).end()
  })

  r.use((req: Request) => {
    throw new ControlError(404, `no control API endpoint ${req.method} ${req.path}`)
  })
  r.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof ControlError ? err.status : 500
    res.status(status).json({ error: err instanceof Error ? err.message : String(err) })
  })
  return r
}

function directory(store: MemoryStore): Directory {
  return {
    projects: [...store.all('projects')].map((p) => ({
      id: p.id,
      name: p.name,
      teams: store.find('teams', 'project', p.id).map((t) => ({
        id: t.id,
        name: t.name,
        scimConfigId: t.scimConfigId,
        members: store.find('teamMembers', 'team', t.id).map((m) => m.userId),
      })),
      accounts: store.find('accounts', 'project', p.id).map((a) => ({ id: a.id, email: a.email, name: a.name })),
      statusPages: store.find('statusPages', 'project', p.id).map((sp) => ({
        id: sp.id,
        name: sp.name,
        privateUsers: store.find('privateUsers', 'statusPage', sp.id).map((u) => ({ id: u.id, email: u.email, active: u.active })),
      })),
      scimConfigs: store.find('scimConfigs', 'project', p.id).map((c) => ({
        id: c.id,
        kind: c.kind,
        name: c.name,
        users: store.countBy('scimUsers', 'config', c.id),
        groups: store.countBy('scimGroups', 'config', c.id),
      })),
    })),
  }
}
