/**
 * Secret redaction for the request log, its exports and HAR files (PRODUCT.md §8). A redacted value keeps a
 * short prefix so two different tokens can still be told apart in a log: `Bearer tok-acme-okta` becomes
 * `Bearer tok-…[redacted]`. The prefix is at most a third of the value, so a short secret is never mostly shown.
 */

const MARK = '…[redacted]'
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'apikey', 'x-api-key', 'x-sandbox-secret', 'cookie', 'set-cookie'])
/** JSON keys whose value is a secret, matched case-insensitively (SCIM attribute names are case-insensitive). */
const SECRET_KEYS = new Set(['password', 'bearertoken', 'token', 'client_secret', 'access_token', 'refresh_token', 'key', 'clientsecret', 'secret'])
/** Form fields and query parameters that carry secrets. */
const SECRET_FIELDS = SECRET_KEYS

export function redactValue(value: string): string {
  if (value.endsWith(MARK)) return value
  const keep = Math.min(5, Math.floor(value.length / 3))
  return value.slice(0, keep) + MARK
}

/** `Bearer abc…` keeps its scheme, since which scheme a client used is often the point of looking. */
function redactCredentials(value: string): string {
  const m = /^(\s*(?:Bearer|Basic|Digest|Token|SSWS|ApiKey)\s+)(.*)$/i.exec(value)
  return m ? m[1] + redactValue(m[2]!) : redactValue(value)
}

export function redactHeaders(h: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(h)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) && v ? redactCredentials(v) : v
  return out
}

/** A SCIM PATCH op that sets the password through `path` rather than through a `password` key. */
const PASSWORD_PATH = /(^|[:.])password$/i

function redactJson(node: unknown): { value: unknown; changed: boolean } {
  if (Array.isArray(node)) {
    let changed = false
    const out = node.map((n) => {
      const r = redactJson(n)
      changed ||= r.changed
      return r.value
    })
    return { value: changed ? out : node, changed }
  }
  if (!node || typeof node !== 'object') return { value: node, changed: false }
  const obj = node as Record<string, unknown>
  let changed = false
  const out: Record<string, unknown> = {}
  const pathIsPassword = typeof obj.path === 'string' && PASSWORD_PATH.test(obj.path)
  for (const [k, v] of Object.entries(obj)) {
    const secret = SECRET_KEYS.has(k.toLowerCase()) || (pathIsPassword && k.toLowerCase() === 'value')
    if (secret && (typeof v === 'string' || typeof v === 'number')) {
      out[k] = redactValue(String(v))
      changed = true
    } else {
      const r = redactJson(v)
      out[k] = r.value
      changed ||= r.changed
    }
  }
  return { value: changed ? out : node, changed }
}

const KEY_ALT = [...SECRET_KEYS].join('|')
/** A cheap pre-check: any body with a secret has a secret key or mentions a password (PATCH path). */
const MAYBE_SECRET = new RegExp(`"(?:${KEY_ALT})"\\s*:|password|(^|[&?;\\s])(?:${KEY_ALT})=`, 'i')
/** For JSON that does not parse (cut at the log's size cap, or malformed on purpose): `"token": "…"` pairs. */
const JSON_PAIR = new RegExp(`("(?:${KEY_ALT})"\\s*:\\s*)("(?:[^"\\\\]|\\\\.)*("|$)|-?\\d+(?:\\.\\d+)?)`, 'gi')
const FORM_PAIR = new RegExp(`(^|[&?;\\s])((?:${[...SECRET_FIELDS].join('|')})=)([^&\\s]*)`, 'gi')

function redactJsonText(text: string): string {
  return text.replace(JSON_PAIR, (_m, lead: string, val: string) => {
    if (!val.startsWith('"')) return lead + `"${redactValue(val)}"`
    const closed = val.length > 1 && val.endsWith('"')
    const inner = closed ? val.slice(1, -1) : val.slice(1)
    return `${lead}"${redactValue(inner)}${closed ? '"' : ''}`
  })
}

/** `password=…&client_secret=…` in form bodies and query strings. */
export function redactForm(text: string): string {
  return text.replace(FORM_PAIR, (_m, lead: string, name: string, val: string) => (val ? lead + name + encodeURIComponent(redactValue(safeDecode(val))) : lead + name))
}

export const redactQuery = redactForm

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return s
  }
}

/**
 * Redacts a request or response body. JSON is walked (secret keys at any depth, and PATCH ops whose path is
 * the password); if nothing was secret the text is returned byte for byte. Text that only looks like JSON
 * (cut short, or broken) falls back to a key/value pattern; anything else gets the form-field pass.
 */
export function redactBody(text: string, contentType?: string | null): string {
  if (!text) return text
  // Most bodies (SCIM users, list pages) name no secret at all: skip the parse and walk for them.
  if (!MAYBE_SECRET.test(text)) return text
  const ct = (contentType ?? '').toLowerCase()
  const trimmed = text.trimStart()
  const looksJson = ct.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')
  if (looksJson) {
    try {
      const r = redactJson(JSON.parse(text))
      return r.changed ? JSON.stringify(r.value) : text
    } catch {
      return redactForm(redactJsonText(text))
    }
  }
  return redactForm(text)
}
