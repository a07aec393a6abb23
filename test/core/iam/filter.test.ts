import { describe, expect, it } from 'vitest'
import { IAM_USER_EXTENSION } from '@shared/iam'
import { BASE, makeIam, seed } from './setup'

async function setup() {
  const iam = makeIam()
  const s = await seed(iam)
  await iam.create('user', { userName: 'Carol@Acme.test', active: false, emails: [{ value: 'carol@acme.test', type: 'work' }], [IAM_USER_EXTENSION]: { company: 'Globex' } })
  const names = (kind: Parameters<typeof iam.svc.list>[1], filter: string) =>
    iam.svc.list('t1', kind, { filter }, BASE).resources.map((r) => (r.attributes.name ?? r.attributes.userName ?? r.attributes.displayName) as string)
  return { iam, s, names }
}

describe('IAM list filters', () => {
  it('compares rendered attributes case-insensitively, identifiers exactly', async () => {
    const { s, names } = await setup()
    expect(names('action', 'name eq "DEPLOY"')).toEqual(['deploy'])
    expect(names('resourceType', 'slug sw "dep"')).toEqual(['Deployments'])
    expect(names('user', 'userName eq "carol@acme.TEST"')).toEqual(['Carol@Acme.test'])
    expect(names('user', 'emails.value co "@acme"')).toEqual(['alice', 'Carol@Acme.test'])
    expect(names('user', 'emails[type eq "work" and value ew ".test"]')).toEqual(['alice', 'Carol@Acme.test'])
    expect(names('group', `members.value eq "${s.alice.id}"`)).toEqual(['Admins'])
    expect(names('group', `members.value eq "${s.alice.id.toUpperCase()}"`)).toEqual([])
    expect(names('resource', `type.id eq "${s.rt.id}"`)).toEqual(['Prod Cluster'])
    expect(names('role', `permissions.id eq "${s.perm.id}"`)).toEqual(['Admin'])
    expect(names('user', `${IAM_USER_EXTENSION}:company eq "globex"`)).toEqual(['Carol@Acme.test'])
    expect(names('user', `id eq "${s.bob.id}"`)).toEqual(['bob'])
    expect(names('user', 'active eq false')).toEqual(['Carol@Acme.test'])
    expect(names('role', 'member_count ge 2')).toEqual(['Admin'])
    expect(names('role', 'member_count gt 2')).toEqual([])
  })

  it('and / or / not, grouping, pr, ne, null and meta', async () => {
    const { names } = await setup()
    expect(names('user', 'not (userName eq "bob") and (displayName pr or active eq false)')).toEqual(['alice', 'Carol@Acme.test'])
    expect(names('user', 'displayName ne "Alice A"')).toEqual(['bob', 'Carol@Acme.test'])
    expect(names('user', 'displayName eq null')).toEqual(['bob', 'Carol@Acme.test'])
    expect(names('action', 'description pr')).toEqual(['deploy'])
    expect(names('action', 'meta.resourceType eq "Action" and meta.created lt "2030-01-01"')).toEqual(['deploy', 'read'])
    expect(names('action', 'externalId pr')).toEqual([])
  })

  it('filters before paging; a bad filter is 400 invalidFilter', async () => {
    const { iam } = await setup()
    const page = iam.svc.list('t1', 'user', { filter: 'userName pr', startIndex: '2', count: '1' }, BASE)
    expect(page).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 })
    expect(page.resources[0]!.attributes.userName).toBe('bob')
    expect(() => iam.svc.list('t1', 'user', { filter: 'userName eq' }, BASE)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidFilter' }))
  })
})
