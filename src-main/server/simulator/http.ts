import type { ResponseView } from '../../core/simulator/types'

/**
 * One HTTP exchange of the simulator over Node's fetch, so any URL works (the embedded sandbox or someone's server).
 * Never throws for what a server or network can do wrong: every failure comes back as a reason in plain words, which
 * the report shows as the step's verdict.
 */

/** The whole answer is parsed for the step programs (an import page can be large); beyond this we stop reading. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024

export interface WireRequest {
  method: string
  url: string
  headers: Record<string, string>
  body: string | null
}

export type WireResult = { response: ResponseView; error: null } | { response: null; error: string }

/** Why a request was aborted: our timeout or the user's stop. */
export type AbortWhy = 'timeout' | 'cancelled'

export const CANCELLED = 'cancelled'

interface Cause {
  code?: string
  message?: string
  cause?: Cause
}

const TLS_CODES = /CERT|SELF_SIGNED|TLS|SSL|ERR_SSL|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ALTNAME/i

/** Turns what undici throws ("fetch failed" with the real reason in `cause`) into a reason a person can act on. */
export function describeNetworkError(e: unknown, url: string): string {
  let c = e as Cause | undefined
  // The useful part is the innermost cause with a code.
  for (let i = 0; i < 5 && c?.cause && typeof c.cause === 'object'; i++) c = c.cause
  const code = c?.code ?? ''
  const msg = c?.message ?? String(e)
  let host = url
  try {
    host = new URL(url).host
  } catch {
    // keep the URL as given
  }
  if (code === 'ECONNREFUSED') return `connection refused by ${host} (ECONNREFUSED): nothing listens there`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return `DNS lookup of ${host} failed (${code})`
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `${host} closed the connection before answering (${code}: ${msg})`
  if (TLS_CODES.test(code) || /certificate|tls|ssl/i.test(msg)) return `TLS failure with ${host}: ${msg}${code ? ` (${code})` : ''}`
  return `request to ${host} failed: ${msg}${code ? ` (${code})` : ''}`
}

/** Reads a body up to MAX_BODY_BYTES; the rest is refused rather than buffered. */
async function readBody(res: Response): Promise<string> {
  if (!res.body) return ''
  const reader = res.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined)
      throw new Error(`the answer's body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`)
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export function parseJson(text: string | null): unknown {
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * Sends one request with a timeout covering the whole exchange (headers and body: a server that sends headers and
 * then stalls is as stuck as one that never answers). `signal` is the run's stop.
 */
export async function sendOnce(req: WireRequest, timeoutMs: number, signal: AbortSignal): Promise<WireResult> {
  if (signal.aborted) return { response: null, error: CANCELLED }
  const ctl = new AbortController()
  let why: AbortWhy | null = null
  const onStop = () => {
    why ??= 'cancelled'
    ctl.abort()
  }
  signal.addEventListener('abort', onStop, { once: true })
  const timer = setTimeout(() => {
    why ??= 'timeout'
    ctl.abort()
  }, timeoutMs)
  const started = performance.now()
  try {
    const res = await fetch(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined, signal: ctl.signal, redirect: 'manual' })
    const text = await readBody(res)
    const headers: Record<string, string> = {}
    res.headers.forEach((v, k) => {
      headers[k.toLowerCase()] = v
    })
    const bodyText = text === '' ? null : text
    return { response: { status: res.status, headers, bodyText, json: parseJson(bodyText), durationMs: round(performance.now() - started) }, error: null }
  } catch (e) {
    if (why === 'cancelled') return { response: null, error: CANCELLED }
    if (why === 'timeout') return { response: null, error: `timed out: no complete answer within ${timeoutMs} ms` }
    if (e instanceof Error && /larger than/.test(e.message)) return { response: null, error: e.message }
    return { response: null, error: describeNetworkError(e, req.url) }
  } finally {
    clearTimeout(timer)
    signal.removeEventListener('abort', onStop)
  }
}

export const round = (ms: number) => Math.round(ms * 100) / 100

/**
 * `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Returns milliseconds to wait, or null when the
 * header is absent or unreadable.
 */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined) return null
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const at = Date.parse(v)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - now)
}

/** A sleep that ends early (false) when the run is stopped. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false)
  return new Promise((ok) => {
    const done = (v: boolean) => {
      clearTimeout(t)
      signal.removeEventListener('abort', onAbort)
      ok(v)
    }
    const onAbort = () => done(false)
    const t = setTimeout(() => done(true), ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
