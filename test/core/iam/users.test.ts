import { describe, expect, it } from 'vitest'
import { IAM_USER_EXTENSION } from '@shared/iam'
import { BASE, fakeDigest, GENERATED, makeIam } from './setup'

const SECRET = 'S3cret-Value-42'

/** Everything a client or the log could see, plus the whole store. */
function leakSurface(iam: ReturnType<typeof makeIam>, ...more: unknown[]): string {
  return JSON.stringify([iam.snapshot(), iam.persisted, ...more])
}

describe('IAM users and passwords', () => {
  it('a sent password is stored only as its digest and never returned or logged', async () => {
    const iam = makeIam()
    const c = await iam.svc.create('t1', 'user', { userName: 'carol', password: SECRET, active: false, [IAM_USER_EXTENSION]: { company: 'Acme' } }, BASE)
    expect(c.value.attributes).toEqual({ active: false, userName: 'carol', [IAM_USER_EXTENSION]: { company: 'Acme' } })
    const rec = iam.store.get('iamResources', c.value.id)!
    expect(rec.passwordSha256).toBe(fakeDigest(SECRET))
    expect(rec.data).not.toHaveProperty('password')
    expect(iam.hashed).toEqual([SECRET])
    const list = iam.svc.list('t1', 'user', {}, BASE)
    expect(leakSurface(iam, c, list)).not.toContain(SECRET)
  })

  it('generatePassword: true stores the digest of a generated password, discards a sent one and says so in the event', async () => {
    const iam = makeIam()
    const c = await iam.svc.create('t1', 'user', { userName: 'dave', password: SECRET, [IAM_USER_EXTENSION]: { generatePassword: true } }, BASE)
    expect(iam.generated).toEqual([GENERATED])
    expect(iam.hashed).toEqual([GENERATED])
    expect(iam.store.get('iamResources', c.value.id)!.passwordSha256).toBe(fakeDigest(GENERATED))
    expect(c.events[0]!.message).toBe('created IAM user "dave" in tenant Acme with a generated password')
    expect(leakSurface(iam, c)).not.toContain(GENERATED)
    expect(leakSurface(iam, c)).not.toContain(SECRET)
    // Keeping the flag on does not generate again; a new password by PUT or PATCH replaces the digest.
    await iam.svc.replace('t1', 'user', c.value.id, { userName: 'dave', [IAM_USER_EXTENSION]: { generatePassword: true } }, BASE)
    expect(iam.generated.length).toBe(1)
    const p = await iam.svc.patch('t1', 'user', c.value.id, { Operations: [{ op: 'replace', path: 'password', value: 'N3w-pass' }] }, BASE)
    expect(iam.store.get('iamResources', c.value.id)!.passwordSha256).toBe(fakeDigest('N3w-pass'))
    expect(p.events[0]!.message).toBe('updated IAM user "dave" in tenant Acme: password')
    expect(leakSurface(iam, p)).not.toContain('N3w-pass')
  })

  it('no password is null; a PUT without one keeps the digest', async () => {
    const iam = makeIam()
    const a = await iam.svc.create('t1', 'user', { userName: 'erin' }, BASE)
    expect(iam.store.get('iamResources', a.value.id)!.passwordSha256).toBeNull()
    await iam.svc.replace('t1', 'user', a.value.id, { userName: 'erin', password: SECRET }, BASE)
    await iam.svc.replace('t1', 'user', a.value.id, { userName: 'erin', displayName: 'Erin' }, BASE)
    expect(iam.store.get('iamResources', a.value.id)!.passwordSha256).toBe(fakeDigest(SECRET))
    expect(leakSurface(iam)).not.toContain(SECRET)
  })

  it('userName is required and the extension is checked', async () => {
    const iam = makeIam()
    await expect(iam.svc.create('t1', 'user', { displayName: 'x' }, BASE)).rejects.toThrow('userName is required')
    await expect(iam.svc.create('t1', 'user', { userName: 'x', [IAM_USER_EXTENSION]: { blocked: 'no', shoeSize: 9 } }, BASE)).rejects.toThrow(
      `${IAM_USER_EXTENSION}.blocked: expected boolean; unknown field "${IAM_USER_EXTENSION}.shoeSize"`,
    )
  })
})
