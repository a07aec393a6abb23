import { describe, expect, it } from 'vitest'
import { IAM_USER_EXTENSION } from '@shared/iam'
import { parseFilter } from '../../../src-main/core/filter'
import { formatValueExpression, iamMatches, pathText, slugify } from '../../../src-main/core/iam'

const m = (filter: string, o: Record<string, unknown>) => iamMatches(parseFilter(filter), o)

describe('structured PATCH paths as RFC path text', () => {
  it('composes uriprefix, attributeName, subAttributes and the value filter', () => {
    expect(pathText(undefined)).toBeUndefined()
    expect(pathText(null)).toBeUndefined()
    expect(pathText('')).toBeUndefined()
    expect(pathText('name.givenName')).toBe('name.givenName')
    expect(pathText({ attributePath: { attributeName: 'name', subAttribute: 'givenName', uriprefix: '' } })).toBe('name.givenName')
    expect(pathText({ attributePath: { attributeName: 'company', uriprefix: IAM_USER_EXTENSION } })).toBe(`${IAM_USER_EXTENSION}:company`)
    expect(pathText({ attributePath: { attributeName: null, uriprefix: IAM_USER_EXTENSION } })).toBe(IAM_USER_EXTENSION)
    expect(pathText({ attributePath: { attributeName: '', subAttribute: '', uriprefix: '' }, subAttribute: '', valueExpression: null })).toBeUndefined()
    expect(pathText({ attributePath: null })).toBeUndefined()
    expect(pathText({ attributePath: { attributeName: 'emails' }, valueExpression: 'type eq "work"', subAttribute: 'value' })).toBe('emails[type eq "work"].value')
    // Key names in any case.
    expect(pathText({ AttributePath: { AttributeName: 'members' }, ValueExpression: { AttributePath: { AttributeName: 'value' }, Operator: 'Eq', CompareValue: 'u1' } })).toBe(
      'members[value eq "u1"]',
    )
    expect(pathText({ attributePath: 'members', valueExpression: 'value eq "x"' })).toBe('members[value eq "x"]')
  })

  it('formats expression objects: comparisons, pr, and/or grouped, not', () => {
    const cmp = (name: string, operator: string, compareValue?: unknown) => ({ attributePath: { attributeName: name }, operator, compareValue })
    expect(formatValueExpression(cmp('primary', 'eq', true))).toBe('primary eq true')
    expect(formatValueExpression(cmp('display', 'pr'))).toBe('display pr')
    expect(formatValueExpression(cmp('value', 'eq', null))).toBe('value eq null')
    expect(formatValueExpression({ operator: 'OR', left: cmp('a', 'gt', 1), right: { operator: 'and', left: cmp('b', 'sw', 'x"y'), right: cmp('c', 'co', 'z') } })).toBe(
      '(a gt 1) or ((b sw "x\\"y") and (c co "z"))',
    )
    expect(formatValueExpression({ operator: 'not', expression: cmp('type', 'ne', 'work') })).toBe('not (type ne "work")')
  })

  it('refuses what is not a path: 400 invalidPath', () => {
    for (const bad of [42, true, ['members'], { attributePath: { attributeName: 7 } }, { attributePath: { attributeName: 'members' }, valueExpression: 5 }, { attributePath: { attributeName: 'members' }, valueExpression: { operator: 'like', attributePath: 'x' } }]) {
      expect(() => pathText(bad), JSON.stringify(bad)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidPath' }))
    }
  })
})

describe('schema-less filter evaluation', () => {
  const user = {
    id: 'AbC',
    userName: 'Alice@Acme.test',
    active: true,
    emails: [
      { value: 'Alice@Acme.test', type: 'work', primary: true },
      { value: 'a@home.test', type: 'home' },
    ],
    name: { givenName: 'Alice' },
    [IAM_USER_EXTENSION]: { company: 'Acme', properties: { tier: 3 } },
    meta: { created: '2026-01-01T00:00:00.000Z' },
    count: 3,
  }

  it('strings are case-insensitive except identifiers', () => {
    expect(m('USERNAME eq "alice@acme.test"', user)).toBe(true)
    expect(m('id eq "abc"', user)).toBe(false)
    expect(m('id eq "AbC"', user)).toBe(true)
    expect(m('emails.value eq "alice@acme.test"', user)).toBe(false)
    expect(m('emails.value eq "Alice@Acme.test"', user)).toBe(true)
    expect(m('name.givenName sw "AL"', user)).toBe(true)
  })

  it('operators, presence, value paths, extension URNs, numbers and booleans', () => {
    expect(m('emails[type eq "home" and value ew ".test"]', user)).toBe(true)
    expect(m('emails[type eq "home" and primary eq true]', user)).toBe(false)
    expect(m('emails.primary pr', user)).toBe(true)
    expect(m('title pr', user)).toBe(false)
    expect(m(`${IAM_USER_EXTENSION}:company eq "ACME"`, user)).toBe(true)
    expect(m(`${IAM_USER_EXTENSION}:properties.tier ge 3`, user)).toBe(true)
    expect(m('urn:ietf:params:scim:schemas:core:2.0:User:userName co "acme"', user)).toBe(true)
    expect(m('count gt 2 and count lt 4 and count ne 5', user)).toBe(true)
    expect(m('active eq true and not (active eq false)', user)).toBe(true)
    expect(m('meta.created gt "2025-12-31T00:00:00Z"', user)).toBe(true)
    expect(m('title eq null', user)).toBe(true)
    expect(m('title ne null', user)).toBe(false)
    expect(m('userName co 1', user)).toBe(false)
  })
})

describe('slugs', () => {
  it('lowercase, non-alphanumeric runs to one dash, no dash at the ends', () => {
    expect(slugify('Deploy Targets')).toBe('deploy-targets')
    expect(slugify('--Ä/B__c--')).toBe('b-c')
    expect(slugify('v2.0 API')).toBe('v2-0-api')
  })
})
