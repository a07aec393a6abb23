import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

export const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

/** A URL-safe random secret with a readable prefix, e.g. `tok-3f9c…`. */
export const randomSecret = (prefix: string, bytes = 24) => `${prefix}${randomBytes(bytes).toString('base64url')}`

/**
 * Compares two secrets in constant time. Both sides are hashed first so their lengths are equal and the
 * comparison leaks neither content nor length.
 */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest()
  return timingSafeEqual(a, digestOf(expected))
}

// The expected side is a config's token, checked on every request: hash it once. Bounded, since tokens rotate.
const digests = new Map<string, Buffer>()
function digestOf(secret: string): Buffer {
  let d = digests.get(secret)
  if (!d) {
    if (digests.size > 1000) digests.clear()
    d = createHash('sha256').update(secret).digest()
    digests.set(secret, d)
  }
  return d
}
