import type { Request, Response } from 'express'
import type { DomainEvent } from '@shared/events'
import type { RunEvent } from '@shared/scenario'
import type { LogEntry } from '@shared/log'
import type { StreamEventName } from '@shared/control'
import { toSummary } from '../../log/log-query'
import type { RequestLogStore } from '../../log/request-log-store'
import type { SandboxHub } from '../../hub'

/** How often the stream sends what arrived, so a burst of 1,000 requests is a few messages, not 1,000. */
export const STREAM_BATCH_MS = 200
/** A comment line this often keeps proxies and tunnels from closing an idle stream. */
export const STREAM_HEARTBEAT_MS = 15_000
/** A client this far behind is dropped; it reconnects and catches up with GET /log?after=. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024

/**
 * Server-Sent Events: `entries` (log summaries) and, with a hub, `changed` ({events}), `log-cleared` and
 * `workspace-replaced`, `run` (RunEvent[]) (each with a JSON data line, since EventSource ignores events without one).
 */
export function openStream(req: Request, res: Response, sources: { log: RequestLogStore; hub?: SandboxHub }): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' })
  res.write(': connected\n\n')
  let entries: LogEntry[] = []
  let events: DomainEvent[] = []
  let runs: RunEvent[] = []
  let closed = false
  const send = (name: StreamEventName, data: unknown) => {
    if (closed) return
    res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`)
    if (res.writableLength > MAX_BUFFERED_BYTES) cleanup()
  }
  const flush = () => {
    if (events.length) {
      const batch = events
      events = []
      send('changed', { events: batch })
    }
    if (entries.length) {
      const batch = entries
      entries = []
      send('entries', batch.map(toSummary))
    }
    if (runs.length) {
      const batch = runs
      runs = []
      send('run', batch)
    }
  }
  const unsubscribe = [sources.log.subscribe((e) => entries.push(e))]
  if (sources.hub) {
    unsubscribe.push(
      sources.hub.subscribe((n) => {
        if (n.type === 'changed') events.push(...n.events)
        else if (n.type === 'run') runs.push(n.event)
        else if (n.type === 'log-cleared') {
          entries = [] // cleared with the log
          flush()
          send('log-cleared', {})
        } else {
          flush()
          send('workspace-replaced', {})
        }
      }),
    )
  }
  const batchTimer = setInterval(flush, STREAM_BATCH_MS)
  const heartbeat = setInterval(() => !closed && res.write(': heartbeat\n\n'), STREAM_HEARTBEAT_MS)
  function cleanup() {
    if (closed) return
    closed = true
    clearInterval(batchTimer)
    clearInterval(heartbeat)
    for (const u of unsubscribe) u()
    res.end()
  }
  req.on('close', cleanup)
  res.on('close', cleanup)
  res.on('error', cleanup)
}
