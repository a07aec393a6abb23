import { emptyWorkspace, type Account, type ChangeOp, type ScimUserRecord, type WorkspaceDoc } from '@shared/workspace'

const T = '2026-01-01T00:00:00.000Z'

export function account(i: number, name = `User ${i}`): Account {
  return { id: `acc-${i}`, projectId: 'acme', email: `user${i}@acme.test`, name, createdAt: T, updatedAt: T }
}

export function scimUser(i: number, version = 1): ScimUserRecord {
  return {
    id: `su-${i}`,
    configId: 'acme-okta',
    data: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: `user${i}@acme.test`,
      externalId: `00u${i.toString(36).padStart(8, '0')}`,
      name: { givenName: `Given${i}`, familyName: `Family${i}`, formatted: `Given${i} Family${i}` },
      displayName: `Given${i} Family${i}`,
      emails: [{ value: `user${i}@acme.test`, type: 'work', primary: true }],
      active: true,
    },
    version,
    accountId: `acc-${i}`,
    suspendedTeamIds: [],
    createdAt: T,
    updatedAt: T,
  }
}

/** A workspace with `n` provisioned users: n accounts and n SCIM user resources. */
export function bigDoc(n: number): WorkspaceDoc {
  const doc = emptyWorkspace()
  doc.projects.push({ id: 'acme', name: 'Acme', createdAt: T, updatedAt: T })
  for (let i = 0; i < n; i++) {
    doc.accounts.push(account(i))
    doc.scimUsers.push(scimUser(i))
  }
  return doc
}

export const put = (i: number, name?: string): ChangeOp => ({ c: 'accounts', id: `acc-${i}`, v: account(i, name) as unknown as Record<string, unknown> })
export const del = (i: number): ChangeOp => ({ c: 'accounts', id: `acc-${i}`, v: null })

/**
 * The ops of write number i in the SIGKILL test: a pure function of i, so the parent can rebuild exactly the
 * state that the first k writes must produce. Inserts, updates of seeded records and deletes, so compaction
 * folds all three kinds.
 */
export function killOps(i: number): ChangeOp[] {
  const ops: ChangeOp[] = [put(1_000_000 + i, `v${i}`)]
  if (i % 5 === 4) ops.push(del(1_000_000 + i - 2))
  if (i % 3 === 0) ops.push({ c: 'scimUsers', id: `su-${i % 7}`, v: scimUser(i % 7, i + 2) as unknown as Record<string, unknown> })
  return ops
}
