import { describe, expect, it } from 'vitest'
import { indexHint, parseFilter } from '../../src-main/core/filter'
import { groupResourceSchema, userResourceSchema } from '../../src-main/core/schema/registry'

const hintFor = (filter: string, schema = userResourceSchema) => indexHint(parseFilter(filter), schema)

describe('indexHint', () => {
  it.each([
    ['userName eq "bjensen"', { attr: 'userName', value: 'bjensen' }],
    ['USERNAME EQ "BJensen"', { attr: 'userName', value: 'BJensen' }],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "b"', { attr: 'userName', value: 'b' }],
    ['URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER:UserName eq "b"', { attr: 'userName', value: 'b' }],
    ['id eq "2819c223"', { attr: 'id', value: '2819c223' }],
    ['urn:ietf:params:scim:schemas:core:2.0:User:id eq "x"', { attr: 'id', value: 'x' }],
    ['externalId eq "701984"', { attr: 'externalId', value: '701984' }],
    ['externalId eq jyoung', { attr: 'externalId', value: 'jyoung' }],
    ['displayName eq "Babs"', { attr: 'displayName', value: 'Babs' }],
    ['emails.value eq "a@x"', { attr: 'emails.value', value: 'a@x' }],
    ['emails eq "a@x"', { attr: 'emails.value', value: 'a@x' }],
    ['emails[value eq "a@x"]', { attr: 'emails.value', value: 'a@x' }],
    ['emails[type eq "work" and value eq "a@x"]', { attr: 'emails.value', value: 'a@x' }],
    ['emails[type eq "work"].value eq "a@x"', { attr: 'emails.value', value: 'a@x' }],
    ['Emails[type eq "work"].Value eq "a@x"', { attr: 'emails.value', value: 'a@x' }],
  ])('%s → %j', (filter, expected) => {
    expect(hintFor(filter)).toEqual(expected)
  })

  it('finds the equality anywhere in an and chain, first one wins', () => {
    expect(hintFor('active eq true and title pr and userName eq "u"')).toEqual({ attr: 'userName', value: 'u' })
    expect(hintFor('(active eq true and externalId eq "e") and userName eq "u"')).toEqual({ attr: 'externalId', value: 'e' })
    expect(hintFor('id eq "2441309d" and urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager eq "m"')).toEqual({
      attr: 'id',
      value: '2441309d',
    })
  })

  it.each([
    'userName ne "u"',
    'userName sw "u"',
    'userName eq null',
    'userName pr',
    'userName eq "a" or userName eq "b"',
    'title pr or userName eq "u"',
    'not (userName eq "u")',
    'not (userName ne "u")',
    'title eq "x"',
    'name.givenName eq "x"',
    'externalId eq 701984',
    'emails.type eq "work"',
    'emails[type eq "work"]',
    'emails[value eq "a" or type eq "work"]',
    'emails[not (value eq "a")]',
    'phoneNumbers[value eq "555"]',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "1"',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName eq "x"',
    'nosuch eq "x"',
  ])('no hint for %s', (filter) => {
    expect(hintFor(filter)).toBeUndefined()
  })

  it('resolves names against the given resource type', () => {
    expect(hintFor('displayName eq "Tour Guides"', groupResourceSchema)).toEqual({ attr: 'displayName', value: 'Tour Guides' })
    expect(hintFor('externalId eq "g"', groupResourceSchema)).toEqual({ attr: 'externalId', value: 'g' })
    expect(hintFor('userName eq "u"', groupResourceSchema)).toBeUndefined()
    expect(hintFor('emails.value eq "a"', groupResourceSchema)).toBeUndefined()
  })

  it('refuses an ill-typed filter even though the index alone could answer it', () => {
    expect(() => hintFor('userName eq "u" and active gt true')).toThrowError(expect.objectContaining({ status: 400, scimType: 'invalidFilter' }))
  })
})
