import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatFilter, parseFilter, type CompareOp, type CompValue, type Filter } from '../../src-main/core/filter'

// `not` directly before "(" starts a negation, so it cannot be an attribute name; every other ATTRNAME can.
const name = fc
  .stringMatching(/^\$?[A-Za-z][A-Za-z0-9_-]{0,7}$/)
  .filter((n) => n.toLowerCase() !== 'not')
const urn = fc.constantFrom(
  'urn:ietf:params:scim:schemas:core:2.0:User',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  'urn:example:custom:1.0',
)
const attrPath = fc
  .tuple(fc.option(urn, { nil: undefined }), name, fc.option(name, { nil: undefined }))
  .map(([u, n, sub]) => `${u ? `${u}:` : ''}${n}${sub ? `.${sub}` : ''}`)

const compValue: fc.Arbitrary<CompValue> = fc.oneof(
  fc.string({ unit: 'binary' }), // lone surrogates and control characters included
  fc.double({ noNaN: true, noDefaultInfinity: true }), // includes -0 and extremes
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
)
const op = fc.constantFrom<CompareOp>('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le')

function filterArb(inBrackets: boolean): fc.Arbitrary<Filter> {
  return fc.letrec<{ node: Filter }>((tie) => {
    const leaves: fc.Arbitrary<Filter>[] = [
      fc.record({ kind: fc.constant('compare' as const), attrPath, op, value: compValue }),
      fc.record({ kind: fc.constant('present' as const), attrPath }),
    ]
    if (!inBrackets) {
      leaves.push(fc.record({ kind: fc.constant('valuePath' as const), attrPath, filter: filterArb(true) }))
    }
    return {
      node: fc.oneof(
        { maxDepth: 5, depthSize: 'small' },
        fc.oneof(...leaves),
        fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('node'), right: tie('node') }),
        fc.record({ kind: fc.constant('not' as const), filter: tie('node') }),
      ),
    }
  }).node
}

describe('formatFilter / parseFilter round trip', () => {
  it('parseFilter(formatFilter(ast)) deep-equals ast, in both modes', () => {
    fc.assert(
      fc.property(filterArb(false), (ast) => {
        const text = formatFilter(ast)
        expect(parseFilter(text)).toEqual(ast)
        expect(parseFilter(text, { compatibility: 'strict' })).toEqual(ast)
      }),
      { numRuns: 2000 },
    )
  })

  it('formatting is a fixed point: format(parse(format(ast))) is the same text', () => {
    fc.assert(
      fc.property(filterArb(false), (ast) => {
        const text = formatFilter(ast)
        expect(formatFilter(parseFilter(text))).toBe(text)
      }),
    )
  })

  it('keeps -0 distinct from 0', () => {
    const ast: Filter = { kind: 'compare', attrPath: 'a', op: 'eq', value: -0 }
    expect(formatFilter(ast)).toBe('a eq -0')
    expect(Object.is((parseFilter('a eq -0') as { value: number }).value, -0)).toBe(true)
  })

  it('parenthesises only where precedence needs it', () => {
    const p = (attrPath: string): Filter => ({ kind: 'present', attrPath })
    expect(formatFilter({ kind: 'and', left: { kind: 'or', left: p('a'), right: p('b') }, right: p('c') })).toBe('(a pr or b pr) and c pr')
    expect(formatFilter({ kind: 'or', left: p('a'), right: { kind: 'and', left: p('b'), right: p('c') } })).toBe('a pr or b pr and c pr')
    expect(formatFilter({ kind: 'and', left: p('a'), right: { kind: 'and', left: p('b'), right: p('c') } })).toBe('a pr and (b pr and c pr)')
    expect(formatFilter({ kind: 'and', left: { kind: 'and', left: p('a'), right: p('b') }, right: p('c') })).toBe('a pr and b pr and c pr')
  })

  it('any text either parses to an AST that round-trips or is refused with 400 invalidFilter', () => {
    const token = fc.constantFrom('userName', 'eq', 'pr', 'and', 'or', 'not', '(', ')', '[', ']', '"x"', '"', 'emails', '.value', 'true', '5', 'bare', '\\')
    const soup = fc.array(fc.tuple(token, fc.constantFrom(' ', '')), { maxLength: 12 }).map((ts) => ts.map(([t, sep]) => t + sep).join(''))
    fc.assert(
      fc.property(fc.oneof(soup, fc.string({ maxLength: 40 })), fc.constantFrom('tolerant' as const, 'strict' as const), (text, mode) => {
        let ast: Filter
        try {
          ast = parseFilter(text, { compatibility: mode })
        } catch (e) {
          expect(e).toMatchObject({ status: 400, scimType: 'invalidFilter' })
          return
        }
        expect(parseFilter(formatFilter(ast), { compatibility: 'strict' })).toEqual(ast)
      }),
      { numRuns: 3000 },
    )
  })
})
