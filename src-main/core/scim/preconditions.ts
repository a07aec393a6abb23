import { ScimError } from '../errors'
import { etagOf } from './context'

/**
 * RFC 7644 §3.14 / RFC 7232: a write with If-Match proceeds only when the resource's current ETag is listed
 * (or `*`); otherwise 412 and nothing changes. Weak and strong forms of our W/"n" tags compare equal.
 */
export function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined || ifMatch.trim() === '') return
  if (!etagListMatches(ifMatch, version)) {
    throw new ScimError(412, `If-Match ${ifMatch} does not match the current version ${etagOf(version)}`)
  }
}

export function etagListMatches(header: string, version: number): boolean {
  const current = String(version)
  return header.split(',').some((raw) => {
    const t = raw.trim()
    if (t === '*') return true
    return t.replace(/^W\//, '').replace(/^"|"$/g, '') === current
  })
}
