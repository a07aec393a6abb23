import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { ScimError } from '../../src-main/core/errors'
import { applyPatch } from '../../src-main/core/patch'
import { groupResourceSchema, userResourceSchema } from '../../src-main/core/schema/registry'

const load = <T>(name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as { cases: T[] }
const schemaFor = (r: string) => (r === 'Group' ? groupResourceSchema : userResourceSchema)

interface RfcCase {
  name: string
  resource: string
  request: unknown
  start: Record<string, unknown>
  expected: Record<string, unknown>
}

interface TolerantCase {
  item: string
  name: string
  resource: string
  id: string
  start: Record<string, unknown>
  request: unknown
  tolerant: Record<string, unknown>
  strict: { status?: number; scimType?: string; expected?: Record<string, unknown> }
}

describe('RFC 7644 §3.5.2 examples (test/fixtures/rfc7644-patch.json)', () => {
  const { cases } = load<RfcCase>('rfc7644-patch.json')
  it('has every request example of §3.5.2.1–§3.5.2.3', () => expect(cases).toHaveLength(11))
  for (const c of cases) {
    for (const compatibility of ['strict', 'tolerant'] as const) {
      it(`${c.name} (${compatibility})`, () => {
        const r = applyPatch(c.start, c.request, schemaFor(c.resource), { compatibility, id: 'rfc-id' })
        expect(r.data).toEqual(c.expected)
        expect(r.changed).toBe(true)
      })
    }
  }
})

describe('IdP quirks (test/fixtures/tolerant-patch.json): tolerant accepts, strict answers the RFC', () => {
  const { cases } = load<TolerantCase>('tolerant-patch.json')
  for (const c of cases) {
    const schema = schemaFor(c.resource)
    it(`${c.item} ${c.name}: tolerant`, () => {
      const r = applyPatch(c.start, c.request, schema, { compatibility: 'tolerant', id: c.id })
      expect(r.data).toEqual(c.tolerant)
    })
    it(`${c.item} ${c.name}: strict ${c.strict.status ? `→ ${c.strict.status} ${c.strict.scimType}` : 'accepts it (RFC-legal)'}`, () => {
      const run = () => applyPatch(c.start, c.request, schema, { compatibility: 'strict', id: c.id })
      if (!c.strict.status) return expect(run().data).toEqual(c.strict.expected)
      let err: unknown
      try {
        run()
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(ScimError)
      expect([(err as ScimError).status, (err as ScimError).scimType]).toEqual([c.strict.status, c.strict.scimType])
    })
  }

  it('every tolerated quirk is named in the warnings with its item', () => {
    for (const c of cases.filter((x) => x.strict.status)) {
      const r = applyPatch(c.start, c.request, schemaFor(c.resource), { compatibility: 'tolerant', id: c.id })
      expect(r.warnings.join('\n'), `${c.item} ${c.name}`).toContain(c.item)
    }
  })
})
