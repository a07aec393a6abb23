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
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}
