/**
 * Deterministic randomness for the simulator (PRODUCT.md §6: "a run is the same every time"): a seeded PRNG, GUIDs
 * and Okta-style ids from it, and generated people. No Math.random, no clock.
 */

/** mulberry32: a tiny 32-bit PRNG, good enough for names and GUIDs (not for secrets). Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** FNV-1a of a string: turns (seed, alias) into a PRNG seed, so one user's values do not depend on the others'. */
export function hash32(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** A PRNG for one named thing of a scenario (a user alias): same seed and name → same values. */
export function randomFor(seed: number, name: string): () => number {
  return mulberry32(hash32(`${seed}\u0000${name}`))
}

const HEX = '0123456789abcdef'
/** A version-4-shaped GUID (Entra's objectIds and Test Connection values look like this, b.1.1). */
export function guid(random: () => number): string {
  let s = ''
  for (let i = 0; i < 32; i++) {
    let d = Math.floor(random() * 16)
    if (i === 12) d = 4
    if (i === 16) d = 8 + (d & 3)
    s += HEX[d]
    if (i === 7 || i === 11 || i === 15 || i === 19) s += '-'
  }
  return s
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
/** An Okta object id: a 3-letter prefix ("00u" users, "00g" groups) and 17 base-62 characters (b.2.3 `00uj…`). */
export function oktaId(prefix: '00u' | '00g', random: () => number): string {
  let s = prefix
  for (let i = 0; i < 17; i++) s += BASE62[Math.floor(random() * 62)]
  return s
}

export const GIVEN_NAMES = [
  'Ada', 'Alan', 'Amara', 'Bao', 'Carmen', 'Chidi', 'Dana', 'Diego', 'Elif', 'Emil', 'Farah', 'Grace', 'Hana', 'Ivan',
  'Jonas', 'Kaito', 'Leila', 'Lucas', 'Maya', 'Noor', 'Omar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor',
  'Wen', 'Yara', 'Zoe', 'Mateo',
] as const
export const FAMILY_NAMES = [
  'Abara', 'Berg', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Lindqvist',
  'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quispe', 'Rossi', 'Sato', 'Tanaka', 'Usman', 'Varga', 'Novak', 'Weber',
  'Xu', 'Yilmaz', 'Zhang', 'Costa', 'Mensah', 'Silva', 'Khan', 'Larsen',
] as const

export const pick = <T>(list: readonly T[], random: () => number): T => list[Math.floor(random() * list.length)]!
