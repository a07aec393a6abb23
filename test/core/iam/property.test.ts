import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { IAM_BODIES, IAM_USER_EXTENSION } from '@shared/iam'
import { parseFilter, type Filter } from '../../../src-main/core/filter'
import { pathText, writableView } from '../../../src-main/core/iam'
import { BASE, makeIam, seed } from './setup'

/** A structured valueExpression and the filter it must mean. */
type Pair = { expr: unknown; filter: Filter }

const attr = fc.record({
  attributeName: fc.constantFrom('value', 'type', 'display', 'primary', 'userName'),
  subAttribute: fc.option(fc.constantFrom('givenName', 'value'), { nil: undefined }),
  uriprefix: fc.option(fc.constant(IAM_USER_EXTENSION), { nil: undefined }),
})
const attrText = (a: { attributeName: string; subAttribute?: string; uriprefix?: string }) =>
  `${a.uriprefix ? `${a.uriprefix}:` : ''}${a.attributeName}${a.subAttribute ? `.${a.subAttribute}` : ''}`

const leaf: fc.Arbitrary<Pair> = fc.oneof(
  fc
    .record({
      a: attr,
      op: fc.constantFrom('eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'),
      v: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
      upper: fc.boolean(),
    })
    .map(({ a, op, v, upper }) => ({
      expr: { attributePath: a, operator: upper ? op.toUpperCase() : op, compareValue: v },
      filter: { kind: 'compare', attrPath: attrText(a), op, value: v } as Filter,
    })),
  attr.map((a) => ({ expr: { attributePath: a, operator: 'pr' }, filter: { kind: 'present', attrPath: attrText(a) } as Filter })),
)

const tree: fc.Arbitrary<Pair> = fc.letrec<{ node: Pair }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ l: tie('node'), r: tie('node'), op: fc.constantFrom('and', 'or') }).map(({ l, r, op }) => ({
      expr: { operator: op, left: l.expr, right: r.expr },
      filter: { kind: op, left: l.filter, right: r.filter } as Filter,
    })),
    tie('node').map((inner) => ({ expr: { operator: 'not', expression: inner.expr }, filter: { kind: 'not', filter: inner.filter } as Filter })),
  ),
})).node

describe('IAM properties', () => {
  it('a structured path with an expression object reads as the filter it describes', () => {
    fc.assert(
      fc.property(tree, fc.option(fc.constantFrom('value', 'display'), { nil: undefined }), (pair, sub) => {
        const text = pathText({ attributePath: { attributeName: 'members' }, subAttribute: sub ?? null, valueExpression: pair.expr })!
        expect(text.startsWith('members[')).toBe(true)
        const inner = text.slice('members['.length, text.length - 1 - (sub ? sub.length + 1 : 0))
        expect(parseFilter(inner)).toEqual(pair.filter)
      }),
      { numRuns: 300 },
    )
  })

  it('PATCH is all or nothing: it fails leaving the store untouched, or succeeds with a valid resource', async () => {
    const opPool = (ids: { alice: string; bob: string }) =>
      fc.constantFrom<unknown>(
        { op: 'add', path: 'members', value: [{ value: ids.bob }] },
        { op: 'remove', path: `members[value eq "${ids.alice}"]` },
        { op: 'replace', path: 'displayName', value: 'Renamed' },
        { op: 'replace', path: 'displayName', value: '' },
        { op: 'remove', path: 'displayName' },
        { op: 'add', path: 'members', value: [{ value: 'ghost' }] },
        { op: 'replace', path: 'members[value eq "ghost"].type', value: 'Group' },
        { op: 'replace', path: 'nosuch', value: 1 },
        { op: 'move', path: 'members' },
        { op: 'replace', value: { displayName: 'Via value' } },
        { op: 'replace', path: { attributePath: { attributeName: 'displayName' } }, value: 'Structured' },
      )
    const iam = makeIam()
    const s = await seed(iam)
    await fc.assert(
      fc.asyncProperty(fc.array(opPool({ alice: s.alice.id, bob: s.bob.id }), { minLength: 1, maxLength: 5 }), async (Operations) => {
        const before = iam.snapshot()
        const prev = iam.store.get('iamResources', s.admins.id)!
        try {
          await iam.svc.patch('t1', 'group', s.admins.id, { Operations }, BASE)
        } catch {
          expect(iam.snapshot()).toBe(before)
          return
        }
        const rec = iam.store.get('iamResources', s.admins.id)!
        expect(IAM_BODIES.group.replace.safeParse(writableView('group', rec.data)).success).toBe(true)
        // Put it back so every run starts from the seed.
        iam.store.transact((tx) => tx.put('iamResources', prev))
      }),
      { numRuns: 200 },
    )
  })
})
