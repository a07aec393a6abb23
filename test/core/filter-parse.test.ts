import { describe, expect, it } from 'vitest'
import { ScimError } from '../../src-main/core/errors'
import { parseFilter, type CompareOp, type CompValue, type Filter } from '../../src-main/core/filter'

const cmp = (attrPath: string, value: CompValue, op: CompareOp = 'eq'): Filter => ({ kind: 'compare', attrPath, op, value })
const pr = (attrPath: string): Filter => ({ kind: 'present', attrPath })
const and = (left: Filter, right: Filter): Filter => ({ kind: 'and', left, right })
const or = (left: Filter, right: Filter): Filter => ({ kind: 'or', left, right })
const not = (filter: Filter): Filter => ({ kind: 'not', filter })

function parseError(text: string, opts?: Parameters<typeof parseFilter>[1]): ScimError {
  try {
    parseFilter(text, opts)
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError)
    return e as ScimError
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`)
}

describe('parseFilter: structure', () => {
  it('binds not tighter than and, and tighter than or', () => {
    expect(parseFilter('a pr or b pr and not (c pr)')).toEqual(or(pr('a'), and(pr('b'), not(pr('c')))))
    expect(parseFilter('a pr and b pr or c pr')).toEqual(or(and(pr('a'), pr('b')), pr('c')))
  })

  it('is left-associative', () => {
    expect(parseFilter('a pr and b pr and c pr')).toEqual(and(and(pr('a'), pr('b')), pr('c')))
    expect(parseFilter('a pr or b pr or c pr')).toEqual(or(or(pr('a'), pr('b')), pr('c')))
  })

  it('groups with parentheses, and redundant ones leave no trace', () => {
    expect(parseFilter('(a pr or b pr) and c pr')).toEqual(and(or(pr('a'), pr('b')), pr('c')))
    expect(parseFilter('a pr and (b pr and c pr)')).toEqual(and(pr('a'), and(pr('b'), pr('c'))))
    expect(parseFilter('((a pr))')).toEqual(pr('a'))
    expect(parseFilter('not (not (a pr))')).toEqual(not(not(pr('a'))))
  })

  it('reads operators, keywords and literals in any case', () => {
    expect(parseFilter('userName EQ "x" AND active Eq TRUE Or title PR')).toEqual(
      or(and(cmp('userName', 'x'), cmp('active', true)), pr('title')),
    )
    expect(parseFilter('NOT (manager eq Null)')).toEqual(not(cmp('manager', null)))
    expect(parseFilter('a eq False')).toEqual(cmp('a', false))
  })

  it('keeps attribute paths exactly as written', () => {
    expect(parseFilter('UserName eq "x"')).toEqual(cmp('UserName', 'x'))
    const ent = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value'
    expect(parseFilter(`${ent} eq "m"`)).toEqual(cmp(ent, 'm'))
    expect(parseFilter('members[$ref eq "x"]')).toEqual({ kind: 'valuePath', attrPath: 'members', filter: cmp('$ref', 'x') })
  })

  it('reads strings and numbers as JSON', () => {
    expect(parseFilter(String.raw`a eq "q\"uote \\ \u00e9\n\/"`)).toEqual(cmp('a', 'q"uote \\ é\n/'))
    expect(parseFilter('a eq ""')).toEqual(cmp('a', ''))
    expect(parseFilter('a gt -1.5e3')).toEqual(cmp('a', -1500, 'gt'))
    expect(parseFilter('a eq 0')).toEqual(cmp('a', 0))
    expect(parseFilter('a eq "and or not ( ) [ ]"')).toEqual(cmp('a', 'and or not ( ) [ ]'))
  })

  it('allows grouping and not inside a value filter (errata 7322)', () => {
    expect(parseFilter('emails[type eq "work" or (type eq "home" and not (value ew "@example.com"))]')).toEqual({
      kind: 'valuePath',
      attrPath: 'emails',
      filter: or(cmp('type', 'work'), and(cmp('type', 'home'), not(cmp('value', '@example.com', 'ew')))),
    })
  })
})

describe('parseFilter: Entra extensions (idp-request-patterns b.1.2, b.1.10)', () => {
  it.each(['tolerant', 'strict'] as const)('%s: reads emails[type eq "work"].value eq "x" as one element matching both', (mode) => {
    expect(parseFilter('emails[type eq "work"].value eq "x@example.com"', { compatibility: mode })).toEqual({
      kind: 'valuePath',
      attrPath: 'emails',
      filter: and(cmp('type', 'work'), cmp('value', 'x@example.com')),
    })
    expect(parseFilter('phoneNumbers[type eq "mobile"].value pr', { compatibility: mode })).toEqual({
      kind: 'valuePath',
      attrPath: 'phoneNumbers',
      filter: and(cmp('type', 'mobile'), pr('value')),
    })
  })

  it('tolerant (the default) reads an unquoted value as a string', () => {
    expect(parseFilter('externalId eq jyoung')).toEqual(cmp('externalId', 'jyoung'))
    expect(parseFilter('userName eq jyoung@contoso.com and active eq true', { compatibility: 'tolerant' })).toEqual(
      and(cmp('userName', 'jyoung@contoso.com'), cmp('active', true)),
    )
    expect(parseFilter('externalId eq 00123')).toEqual(cmp('externalId', '00123'))
  })

  it('strict refuses an unquoted value with invalidFilter', () => {
    const e = parseError('externalId eq jyoung', { compatibility: 'strict' })
    expect(e.status).toBe(400)
    expect(e.scimType).toBe('invalidFilter')
    expect(e.detail).toMatch(/^Invalid filter at position 14: expected a value .*unquoted word "jyoung"/)
  })
})

describe('parseFilter: errors are 400 invalidFilter naming the position', () => {
  const cases: [string, string, RegExp][] = [
    ['empty', '', /the filter is empty/],
    ['blank', '   \n ', /the filter is empty/],
    ['unknown operator', 'userName xx "x"', /^Invalid filter at position 9: expected a comparison operator \(eq, ne, co, sw, ew, gt, ge, lt, le\) or "pr", found "xx"$/],
    ['missing operator', 'userName', /position 8: expected a comparison operator .* found the end of the filter/],
    ['missing value', 'userName eq', /position 11: expected a value/],
    ['value is a parenthesis', 'userName eq )', /position 12: expected a value/],
    ['unbalanced (', '(userName eq "x"', /position 16: expected "and", "or" or "\)" to close the "\(" at position 0/],
    ['unbalanced )', 'userName eq "x")', /position 15: "\)" has no matching "\("/],
    ['unbalanced [', 'emails[type eq "work"', /position 21: expected "and", "or" or "\]" to close the "\[" at position 6/],
    ['unbalanced ]', 'userName eq "x"]', /position 15: "\]" has no matching "\["/],
    ['nested brackets', 'emails[type[value eq "x"] eq "y"]', /position 11: value filters cannot be nested/],
    ['trailing garbage', 'userName eq "x" junk', /position 16: expected "and", "or" or the end of the filter, found "junk"/],
    ['trailing string', 'title pr "x"', /position 9: expected "and", "or" or the end of the filter, found the string "x"/],
    ['not without parentheses', 'not userName eq "x"', /position 4: expected "\(" after "not"/],
    ['dangling and', 'title pr and', /position 12: expected an attribute name, found the end of the filter/],
    ['starts with an operator', 'eq "x"', /position 3: expected a comparison operator/],
    ['string as attribute', '"userName" eq "x"', /position 0: expected an attribute name, found the string "userName"/],
    ['bad attribute path', 'name..familyName eq "x"', /position 0: "name\.\.familyName" is not an attribute path/],
    ['three-part path', 'a.b.c eq "x"', /position 0: "a\.b\.c" is not an attribute path/],
    ['unterminated string', 'userName eq "bjensen', /position 12: the string starting here has no closing double quote/],
    ['bad escape', 'userName eq "a\\qb"', /position 12: invalid string/],
    ['bad sub-attribute after ]', 'emails[type eq "work"].va.lue eq "x"', /position 22: "\.va\.lue" is not a sub-attribute/],
    ['sub-attribute without comparison', 'emails[type eq "work"].value', /position 28: expected a comparison operator/],
    ['empty brackets', 'emails[]', /position 7: expected an attribute name, found "\]"/],
    ['empty parentheses', '()', /position 1: expected an attribute name, found "\)"/],
  ]

  it.each(cases)('%s: %j', (_name, text, message) => {
    const e = parseError(text)
    expect(e.status).toBe(400)
    expect(e.scimType).toBe('invalidFilter')
    expect(e.detail).toMatch(message)
  })

  it('refuses a filter longer than 10,000 characters before parsing it', () => {
    const long = `userName eq "${'x'.repeat(10_000)}"`
    const e = parseError(long)
    expect(e.scimType).toBe('invalidFilter')
    expect(e.detail).toBe(`Invalid filter: it is ${long.length} characters long; at most 10,000 are accepted`)
    const fits = `userName eq "${'x'.repeat(10_000 - 14)}"`
    expect(fits).toHaveLength(10_000)
    expect(parseFilter(fits)).toEqual(cmp('userName', 'x'.repeat(10_000 - 14)))
  })

  it('refuses nesting deeper than 64 levels instead of exhausting the stack', () => {
    const deep = (n: number) => `${'('.repeat(n)}a pr${')'.repeat(n)}`
    expect(parseFilter(deep(64))).toEqual(pr('a'))
    expect(parseError(deep(65)).detail).toMatch(/position 64: nested more than 64 levels deep/)
    expect(parseError(deep(3000)).scimType).toBe('invalidFilter')
  })
})
