import { describe, expect, it } from 'vitest'
import { ScimError } from '../../src-main/core/errors'
import { parsePath, type PatchPath } from '../../src-main/core/filter'

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'

describe('parsePath: RFC 7644 §3.5.2 paths', () => {
  it.each<[string, PatchPath]>([
    ['members', { attrPath: 'members' }],
    ['name.familyName', { attrPath: 'name.familyName' }],
    [
      'addresses[type eq "work"]',
      { attrPath: 'addresses', valueFilter: { kind: 'compare', attrPath: 'type', op: 'eq', value: 'work' } },
    ],
    [
      'members[value eq "2819c223-7f76-453a-919d-413861904646"]',
      {
        attrPath: 'members',
        valueFilter: { kind: 'compare', attrPath: 'value', op: 'eq', value: '2819c223-7f76-453a-919d-413861904646' },
      },
    ],
    [
      'members[value eq "2819c223-7f76-453a-919d-413861904646"].displayName',
      {
        attrPath: 'members',
        valueFilter: { kind: 'compare', attrPath: 'value', op: 'eq', value: '2819c223-7f76-453a-919d-413861904646' },
        subAttr: 'displayName',
      },
    ],
    [
      'emails[type eq "work" and value ew "example.com"]',
      {
        attrPath: 'emails',
        valueFilter: {
          kind: 'and',
          left: { kind: 'compare', attrPath: 'type', op: 'eq', value: 'work' },
          right: { kind: 'compare', attrPath: 'value', op: 'ew', value: 'example.com' },
        },
      },
    ],
    [
      'addresses[type eq "work"].streetAddress',
      {
        attrPath: 'addresses',
        valueFilter: { kind: 'compare', attrPath: 'type', op: 'eq', value: 'work' },
        subAttr: 'streetAddress',
      },
    ],
    [`${ENT}:employeeNumber`, { attrPath: `${ENT}:employeeNumber` }],
    [`${ENT}:manager`, { attrPath: `${ENT}:manager` }],
    [`${ENT}:manager.value`, { attrPath: `${ENT}:manager.value` }],
    ['urn:ietf:params:scim:schemas:core:2.0:User:name.givenName', { attrPath: 'urn:ietf:params:scim:schemas:core:2.0:User:name.givenName' }],
  ])('%s', (text, expected) => {
    expect(parsePath(text)).toEqual(expected)
    expect(parsePath(text, { compatibility: 'strict' })).toEqual(expected)
  })

  it("reads the paths Entra sends (b.1.5, b.1.11)", () => {
    expect(parsePath('emails[type eq "work"].value')).toEqual({
      attrPath: 'emails',
      valueFilter: { kind: 'compare', attrPath: 'type', op: 'eq', value: 'work' },
      subAttr: 'value',
    })
    expect(parsePath('members[value eq "u1"]').valueFilter).toEqual({ kind: 'compare', attrPath: 'value', op: 'eq', value: 'u1' })
  })

  it('allows not, or and grouping inside the brackets', () => {
    expect(parsePath('emails[not (type eq "work") or (primary eq true)]').valueFilter).toEqual({
      kind: 'or',
      left: { kind: 'not', filter: { kind: 'compare', attrPath: 'type', op: 'eq', value: 'work' } },
      right: { kind: 'compare', attrPath: 'primary', op: 'eq', value: true },
    })
  })

  it('tolerates unquoted values unless strict', () => {
    expect(parsePath('members[value eq u1]').valueFilter).toEqual({ kind: 'compare', attrPath: 'value', op: 'eq', value: 'u1' })
    expect(() => parsePath('members[value eq u1]', { compatibility: 'strict' })).toThrowError(/position 17: expected a value/)
  })
})

describe('parsePath: errors are 400 invalidPath naming the position', () => {
  it.each<[string, string, RegExp]>([
    ['empty', '', /^Invalid path: the path is empty$/],
    ['blank', '  ', /the path is empty/],
    ['unclosed bracket', 'emails[', /^Invalid path at position 7: expected an attribute name, found the end of the path$/],
    ['unclosed filter', 'emails[type eq "work"', /position 21: expected "and", "or" or "\]" to close the "\[" at position 6/],
    ['lone ]', ']', /^Invalid path at position 0: expected an attribute name, found "\]"$/],
    ['double dot', 'a..b', /^Invalid path at position 0: "a\.\.b" is not an attribute path/],
    ['trailing dot', 'name.', /"name\." is not an attribute path/],
    ['three parts', 'name.familyName.x', /is not an attribute path/],
    ['nested brackets', 'emails[type[x eq "y"] eq "z"]', /position 11: value filters cannot be nested/],
    ['operator after the path', 'userName eq "x"', /position 9: expected "\[" or the end of the path, found "eq"/],
    ['junk after brackets', 'emails[type eq "work"] x', /position 23: expected "\.subAttribute" or the end of the path, found "x"/],
    ['comparison after subAttr', 'emails[type eq "work"].value eq "x"', /position 29: expected the end of the path, found "eq"/],
    ['bad subAttr', 'emails[type eq "work"].', /position 22: "\." is not a sub-attribute/],
    ['unbalanced )', 'members)', /position 7: "\)" has no matching "\("/],
    ['bad filter', 'emails[type xx "work"]', /position 12: expected a comparison operator/],
    ['bad string', 'emails[value eq "a]', /position 16: the string starting here has no closing double quote/],
  ])('%s: %j', (_name, text, message) => {
    let error: unknown
    try {
      parsePath(text)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ScimError)
    const e = error as ScimError
    expect(e.status).toBe(400)
    expect(e.scimType).toBe('invalidPath')
    expect(e.detail).toMatch(message)
  })

  it('refuses a path longer than 10,000 characters', () => {
    expect(() => parsePath(`members[value eq "${'x'.repeat(10_000)}"]`)).toThrowError(
      expect.objectContaining({ scimType: 'invalidPath', message: expect.stringMatching(/at most 10,000 are accepted/) }),
    )
  })
})
