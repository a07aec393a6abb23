import type { Exchange, Outcome, StepResult } from './scenario'

/**
 * One scenario run in two dialects (PRODUCT.md §6: "the same lifecycle can be run in two dialects and compared step by
 * step"): the two runs' requests aligned by step, then within a step by request, and what differs between each pair —
 * method, path, query, PATCH op casing, value types, body keys, statuses and step outcomes. Pure: the Scenarios screen
 * renders it, a test checks it, and nothing here knows about HTTP or React.
 *
 * @example
 *   const c = compareRuns(entraLegacyReport, entraFlagReport)
 *   c.steps[3].exchanges[0].differences
 *   // [{ kind: 'op-case', at: 'Operations[0].op', message: 'op "Replace" vs "replace"' },
 *   //  { kind: 'value-type', at: 'Operations[0].value.active', message: '… string "False" vs boolean false' }]
 */

export type DifferenceKind =
  | 'method'
  | 'path'
  | 'query'
  | 'op'
  | 'op-case'
  | 'value-type'
  | 'body-keys'
  | 'status'
  | 'outcome'
  /** A step or request that only one of the two runs has. */
  | 'only-one'

export interface Difference {
  kind: DifferenceKind
  /** In plain words, left value first: `method PATCH vs PUT`. */
  message: string
  /** Where in the body (`Operations[0].op`), for body differences. */
  at?: string
}

/** The parts of an exchange the comparison reads (a report's Exchange fits). */
export type ComparableExchange = Pick<Exchange, 'seq' | 'request' | 'response' | 'error'>
export type ComparableStep = Pick<StepResult, 'index' | 'id' | 'action' | 'title' | 'outcome' | 'reason'> & { exchanges: ComparableExchange[] }

export interface ComparedExchange {
  left: ComparableExchange | null
  right: ComparableExchange | null
  differences: Difference[]
}

export interface ComparedStep {
  index: number
  title: string
  action: string
  left: ComparableStep | null
  right: ComparableStep | null
  exchanges: ComparedExchange[]
  /** Step-level differences (outcome, a step only one run has). */
  differences: Difference[]
  /** Any difference in the step or its requests. */
  differs: boolean
}

export interface Comparison {
  steps: ComparedStep[]
  /** Steps with at least one difference. */
  differingSteps: number
  /** Every difference, step-level and request-level. */
  differences: number
  byKind: Partial<Record<DifferenceKind, number>>
}

// ——— requests as compared ———

const RESOURCE_SEGMENT = /\/(Users|Groups|ServiceProviderConfig|Schemas|ResourceTypes|Bulk|Me)(?=\/|$|\?)/

/** The URL's path from the SCIM resource on (`/Users/2819c223`), or the whole path when it names none. */
export function resourcePath(url: string): string {
  const path = pathOf(url)
  const m = RESOURCE_SEGMENT.exec(path)
  return m ? path.slice(m.index) : path
}

/** The resource path with ids replaced, so two runs' requests for "the same user" match: `/Users/:id`. */
export function pathTemplate(url: string): string {
  return resourcePath(url).replace(/^\/(Users|Groups)\/[^/]+/, '/$1/:id')
}

function pathOf(url: string): string {
  const noQuery = url.split(/[?#]/)[0] ?? ''
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*(\/.*)?$/i.exec(noQuery)
  return m ? (m[1] ?? '/') : noQuery
}

/** Query parameters, decoded, in order. */
export function queryParams(url: string): [string, string][] {
  const q = url.includes('?') ? url.slice(url.indexOf('?') + 1).split('#')[0]! : ''
  if (!q) return []
  return q.split('&').filter(Boolean).map((pair) => {
    const i = pair.indexOf('=')
    const dec = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '))
      } catch {
        return s
      }
    }
    return i < 0 ? [dec(pair), ''] : [dec(pair.slice(0, i)), dec(pair.slice(i + 1))]
  })
}

/** Random ids (Entra's Test Connection filters on a new GUID each time) would make every run differ: masked. */
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi
const maskIds = (s: string) => s.replace(GUID, '<guid>')

const exchangeKey = (e: ComparableExchange) => `${e.request.method.toUpperCase()} ${pathTemplate(e.request.url)}`

// ——— bodies ———

type JsonType = 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array'
interface Leaf {
  type: JsonType
  value: unknown
}

function jsonType(v: unknown): JsonType {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  const t = typeof v
  return t === 'string' || t === 'number' || t === 'boolean' ? t : 'object'
}

/** `a.b`, or `a["name.givenName"]` for a key that is not a plain name (Entra's dotted keys must not read as nesting). */
const keyPath = (prefix: string, k: string) => (/^[A-Za-z_$][\w$:-]*$/.test(k) ? (prefix ? `${prefix}.${k}` : k) : `${prefix}[${JSON.stringify(k)}]`)

/** Every path of a JSON value (`Operations[0].value.active`) with its type, containers included. */
export function flattenJson(v: unknown, prefix = '', out = new Map<string, Leaf>()): Map<string, Leaf> {
  const type = jsonType(v)
  if (prefix) out.set(prefix, { type, value: v })
  if (type === 'array') (v as unknown[]).forEach((x, i) => flattenJson(x, `${prefix}[${i}]`, out))
  else if (type === 'object') for (const [k, x] of Object.entries(v as object)) flattenJson(x, keyPath(prefix, k), out)
  return out
}

function parseBody(text: string | null): { ok: true; value: unknown } | { ok: false } {
  if (text === null || text.trim() === '') return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

const show = (l: Leaf) => (l.type === 'object' ? 'an object' : l.type === 'array' ? 'an array' : `${l.type} ${JSON.stringify(l.value)}`)

/** Only the shallowest of a run of one-sided paths: `members` rather than also `members[0]` and `members[0].value`. */
function topmost(paths: string[]): string[] {
  const sorted = [...paths].sort()
  const out: string[] = []
  for (const p of sorted) if (!out.some((q) => p.startsWith(`${q}.`) || p.startsWith(`${q}[`))) out.push(p)
  return out
}

/** Differences between two request bodies: keys only one has, value types, PATCH op names and their casing. */
export function compareBodies(leftText: string | null, rightText: string | null): Difference[] {
  const l = parseBody(leftText)
  const r = parseBody(rightText)
  if (!l.ok || !r.ok) {
    return (leftText ?? '') === (rightText ?? '') ? [] : [{ kind: 'body-keys', message: 'bodies differ (not both JSON)' }]
  }
  if (l.value === undefined || r.value === undefined) {
    if (l.value === r.value) return []
    return [{ kind: 'body-keys', message: l.value === undefined ? 'only the right request has a body' : 'only the left request has a body' }]
  }
  const a = flattenJson(l.value)
  const b = flattenJson(r.value)
  const out: Difference[] = []
  const onlyA = topmost([...a.keys()].filter((k) => !b.has(k)))
  const onlyB = topmost([...b.keys()].filter((k) => !a.has(k)))
  for (const k of onlyA) out.push({ kind: 'body-keys', at: k, message: `${k} only on the left` })
  for (const k of onlyB) out.push({ kind: 'body-keys', at: k, message: `${k} only on the right` })
  const rootTypeA = jsonType(l.value)
  const rootTypeB = jsonType(r.value)
  if (rootTypeA !== rootTypeB) out.push({ kind: 'value-type', at: '', message: `body is ${rootTypeA} vs ${rootTypeB}` })
  for (const [k, x] of a) {
    const y = b.get(k)
    if (!y) continue
    if (/(^|\.)op$/.test(k) && x.type === 'string' && y.type === 'string' && x.value !== y.value) {
      const same = String(x.value).toLowerCase() === String(y.value).toLowerCase()
      out.push({ kind: same ? 'op-case' : 'op', at: k, message: `${k} ${JSON.stringify(x.value)} vs ${JSON.stringify(y.value)}` })
    } else if (x.type !== y.type) {
      out.push({ kind: 'value-type', at: k, message: `${k}: ${show(x)} vs ${show(y)}` })
    }
  }
  return out
}

// ——— exchanges and steps ———

const statusOf = (e: ComparableExchange) => (e.response ? String(e.response.status) : e.error ? `no answer (${e.error})` : 'no answer')

/** What differs between two requests of the same step (and their answers' statuses). */
export function compareExchanges(a: ComparableExchange, b: ComparableExchange): Difference[] {
  const out: Difference[] = []
  const ma = a.request.method.toUpperCase()
  const mb = b.request.method.toUpperCase()
  if (ma !== mb) out.push({ kind: 'method', message: `method ${ma} vs ${mb}` })
  const pa = pathTemplate(a.request.url)
  const pb = pathTemplate(b.request.url)
  if (pa !== pb) out.push({ kind: 'path', message: `path ${pa} vs ${pb}` })
  const qa = queryParams(a.request.url)
  const qb = queryParams(b.request.url)
  const qs = (q: [string, string][]) => q.map(([k, v]) => `${k}=${maskIds(v)}`)
  const sa = qs(qa)
  const sb = qs(qb)
  const onlyA = sa.filter((x) => !sb.includes(x))
  const onlyB = sb.filter((x) => !sa.includes(x))
  if (onlyA.length || onlyB.length) {
    const part = (xs: string[], side: string) => (xs.length ? `${xs.join('&')} only on the ${side}` : '')
    out.push({ kind: 'query', message: `query: ${[part(onlyA, 'left'), part(onlyB, 'right')].filter(Boolean).join('; ')}` })
  }
  out.push(...compareBodies(a.request.body, b.request.body))
  const ta = statusOf(a)
  const tb = statusOf(b)
  if (ta !== tb) out.push({ kind: 'status', message: `status ${ta} vs ${tb}` })
  return out
}

/** Longest common subsequence of two key lists, as index pairs. */
function lcs(a: string[], b: string[]): [number, number][] {
  const n = a.length
  const m = b.length
  const t: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0))
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) t[i]![j] = a[i] === b[j] ? t[i + 1]![j + 1]! + 1 : Math.max(t[i + 1]![j]!, t[i]![j + 1]!)
  const out: [number, number][] = []
  let i = 0
  let j = 0
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push([i, j])
      i++
      j++
    } else {
      const down = t[i + 1]![j]!
      const right = t[i]![j + 1]!
      // On a tie, pass over the longer side's request: the shorter run's requests then meet the longer one's last
      // (Okta AIW's GET before its PUT stands alone; the read-backs at the end still pair up).
      if (down > right || (down === right && n - i > m - j)) i++
      else j++
    }
  }
  return out
}

const isRead = (e: ComparableExchange) => e.request.method.toUpperCase() === 'GET'
/** Ways to match two requests, strictest first: same method and path; a write with a write on the same path; same path. */
const ALIGN_KEYS: ((e: ComparableExchange) => string)[] = [exchangeKey, (e) => `${isRead(e) ? 'read' : 'write'} ${pathTemplate(e.request.url)}`, (e) => pathTemplate(e.request.url)]

/**
 * Aligns two steps' requests: the same method and path are matched in order (LCS); between two matches, a write is
 * matched with a write on the same path (Okta OIN's PATCH with AIW's PUT), then any request on the same path; what is
 * left is paired by position, and the rest stands alone.
 */
export function alignExchanges(left: ComparableExchange[], right: ComparableExchange[], level = 0): ComparedExchange[] {
  if (level >= ALIGN_KEYS.length) {
    const out: ComparedExchange[] = []
    for (let k = 0; k < Math.max(left.length, right.length); k++) out.push(pair(left[k] ?? null, right[k] ?? null))
    return out
  }
  const key = ALIGN_KEYS[level]!
  const anchors = lcs(left.map(key), right.map(key))
  const out: ComparedExchange[] = []
  let i = 0
  let j = 0
  for (const [ai, aj] of anchors) {
    out.push(...alignExchanges(left.slice(i, ai), right.slice(j, aj), level + 1))
    out.push(pair(left[ai]!, right[aj]!))
    i = ai + 1
    j = aj + 1
  }
  out.push(...alignExchanges(left.slice(i), right.slice(j), level + 1))
  return out
}

function pair(l: ComparableExchange | null, r: ComparableExchange | null): ComparedExchange {
  if (l && r) return { left: l, right: r, differences: compareExchanges(l, r) }
  const e = (l ?? r)!
  const side = l ? 'left' : 'right'
  return { left: l, right: r, differences: [{ kind: 'only-one', message: `${e.request.method} ${resourcePath(e.request.url)} is sent only on the ${side}` }] }
}

const outcomeWord: Record<Outcome, string> = { pass: 'passed', fail: 'failed', warn: 'warned', skipped: 'skipped' }

export interface CompareOptions {
  /**
   * Applied to both sides' URLs and bodies before comparing, e.g. to take out what makes each run's users its own
   * (a per-run email domain), so that only the dialect differs.
   */
  normalize?: (text: string) => string
}

/**
 * Compares two runs of one scenario step by step (steps match by index: the scenario is the same; only the profile
 * differs). Works on reports still running: a step only one has so far is one-sided.
 */
export function compareRuns(left: { steps: ComparableStep[] }, right: { steps: ComparableStep[] }, options: CompareOptions = {}): Comparison {
  const n = options.normalize
  // Compared as normalized, shown as sent: the originals go back into the result.
  const originals = new WeakMap<ComparableExchange, ComparableExchange>()
  const norm = (s: ComparableStep): ComparableStep =>
    n
      ? {
          ...s,
          exchanges: s.exchanges.map((e) => {
            const x = { ...e, request: { ...e.request, url: n(e.request.url), body: e.request.body === null ? null : n(e.request.body) } }
            originals.set(x, e)
            return x
          }),
        }
      : s
  const back = (e: ComparableExchange | null) => (e ? (originals.get(e) ?? e) : null)
  const byIndex = (steps: ComparableStep[]) => new Map(steps.map((s) => [s.index, norm(s)]))
  const ls = byIndex(left.steps)
  const rs = byIndex(right.steps)
  const indexes = [...new Set([...ls.keys(), ...rs.keys()])].sort((x, y) => x - y)
  const steps: ComparedStep[] = indexes.map((index) => {
    const l = ls.get(index) ?? null
    const r = rs.get(index) ?? null
    const s = (l ?? r)!
    const differences: Difference[] = []
    if (l && r && l.outcome !== r.outcome) differences.push({ kind: 'outcome', message: `${outcomeWord[l.outcome]} vs ${outcomeWord[r.outcome]}` })
    if (!l || !r) differences.push({ kind: 'only-one', message: `step ${index + 1} has run only on the ${l ? 'left' : 'right'}` })
    const aligned = l && r ? alignExchanges(l.exchanges, r.exchanges) : alignExchanges(l?.exchanges ?? [], r?.exchanges ?? []).map((e) => ({ ...e, differences: [] }))
    const exchanges = aligned.map((e) => ({ ...e, left: back(e.left), right: back(e.right) }))
    const differs = differences.length > 0 || exchanges.some((e) => e.differences.length > 0)
    const orig = (x: ComparableStep | null, side: { steps: ComparableStep[] }) => (x ? (side.steps.find((y) => y.index === x.index) ?? x) : null)
    return { index, title: s.title, action: s.action, left: orig(l, left), right: orig(r, right), exchanges, differences, differs }
  })
  const byKind: Partial<Record<DifferenceKind, number>> = {}
  let differences = 0
  for (const s of steps) {
    for (const d of [...s.differences, ...s.exchanges.flatMap((e) => e.differences)]) {
      byKind[d.kind] = (byKind[d.kind] ?? 0) + 1
      differences++
    }
  }
  return { steps, differingSteps: steps.filter((s) => s.differs).length, differences, byKind }
}
