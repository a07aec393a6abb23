import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ScimError } from '../../src-main/core/errors'
import { applyPatch } from '../../src-main/core/patch'
import { ENTERPRISE_USER_SCHEMA, PATCH_OP_SCHEMA, USER_SCHEMA } from '../../src-main/core/schema/definitions'
import { userResourceSchema } from '../../src-main/core/schema/registry'
import { validateData } from '../../src-main/core/schema/validate'

const token = fc.stringMatching(/^[a-z0-9]{1,8}$/)
const email = fc.record({ value: token, type: fc.constantFrom('work', 'home', 'other') })
const emails = fc.uniqueArray(email, { selector: (e) => e.value, maxLength: 5 })

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}

describe('PATCH properties (fast-check)', () => {
  it('adding a new email and then removing it by filter restores the attribute', () => {
    fc.assert(
      fc.property(emails, email, fc.constantFrom('strict', 'tolerant') as fc.Arbitrary<'strict' | 'tolerant'>, (list, extra, compatibility) => {
        fc.pre(!list.some((e) => e.value === extra.value))
        const start = { schemas: [USER_SCHEMA], userName: 'p@x.test', ...(list.length ? { emails: list } : {}) }
        const body = {
          schemas: [PATCH_OP_SCHEMA],
          Operations: [
            { op: 'add', path: 'emails', value: [extra] },
            { op: 'remove', path: `emails[value eq "${extra.value}"]` },
          ],
        }
        const r = applyPatch(start, body, userResourceSchema, { compatibility, id: 'x' })
        expect(r.data).toEqual(start)
        expect(r.changed).toBe(false)
      }),
    )
  })

  const path = fc.constantFrom(
    undefined, 'title', 'active', 'name', 'name.givenName', 'emails', 'emails.type', 'emails[type eq "work"]',
    'emails[type eq "work"].value', 'emails[value eq "a"].primary', 'userName', 'id', 'meta.created', 'groups', 'nope',
    `${ENTERPRISE_USER_SCHEMA}:manager`, `${ENTERPRISE_USER_SCHEMA}:employeeNumber`, ENTERPRISE_USER_SCHEMA, 'manager',
  )
  const value = fc.oneof(
    fc.constantFrom(null, '', 'a', 'True', 'false', true, false, 0, {}, [], { value: 'a' }, { givenName: 'G' }),
    fc.constantFrom({ title: 'T', 'name.familyName': 'F' }, { active: 'False', id: 'x' }, { [ENTERPRISE_USER_SCHEMA]: { department: 'D' } }),
    fc.array(fc.record({ value: token, type: fc.constantFrom('work', 'home'), primary: fc.boolean() }), { maxLength: 3 }),
  )
  const op = fc.record({ op: fc.constantFrom('add', 'replace', 'remove', 'Replace', 'Add'), path, value }, { requiredKeys: ['op'] })

  it('never mutates its input, answers only ScimErrors, and always leaves valid data', () => {
    fc.assert(
      fc.property(emails, fc.array(op, { minLength: 1, maxLength: 4 }), fc.constantFrom('strict', 'tolerant') as fc.Arbitrary<'strict' | 'tolerant'>, (list, ops, compatibility) => {
        const start = deepFreeze({ schemas: [USER_SCHEMA], userName: 'p@x.test', name: { givenName: 'P' }, ...(list.length ? { emails: list } : {}) })
        const snapshot = JSON.stringify(start)
        try {
          const r = applyPatch(start, { schemas: [PATCH_OP_SCHEMA], Operations: ops }, userResourceSchema, { compatibility, id: 'x' })
          expect(() => validateData(r.data, userResourceSchema)).not.toThrow()
          expect(r.changed).toBe(JSON.stringify(r.data) !== snapshot)
        } catch (e) {
          if (!(e instanceof ScimError)) throw e
          expect(e.status).toBe(400)
        }
        expect(JSON.stringify(start)).toBe(snapshot)
      }),
      { numRuns: 500 },
    )
  })
})
