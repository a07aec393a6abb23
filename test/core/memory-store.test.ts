import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../../src-main/core/store/memory-store'
import { key } from '../../src-main/core/store/indexes'
import { emptyWorkspace } from '../../src-shared/workspace'

const t = '2026-01-01T00:00:00.000Z'
const account = (id: string, email: string) => ({ id, projectId: 'p', email, name: id, createdAt: t, updatedAt: t })

describe('MemoryStore', () => {
  it('indexes records and keeps indexes true across updates', () => {
    const s = new MemoryStore(emptyWorkspace())
    s.transact((tx) => tx.put('accounts', account('a', 'Alice@X.test')))
    expect(s.findOne('accounts', 'projectEmail', key.projectEmail('p', 'alice@x.test'))?.id).toBe('a')
    s.transact((tx) => tx.put('accounts', account('a', 'alice2@x.test')))
    expect(s.findOne('accounts', 'projectEmail', key.projectEmail('p', 'alice@x.test'))).toBeUndefined()
    expect(s.findOne('accounts', 'projectEmail', key.projectEmail('p', 'ALICE2@x.test'))?.id).toBe('a')
  })

  it('a transaction that throws leaves no trace: records, indexes and events', () => {
    const s = new MemoryStore(emptyWorkspace())
    s.transact((tx) => tx.put('accounts', account('a', 'a@x.test')))
    const before = JSON.stringify(s.toDoc(0))
    expect(() =>
      s.transact((tx) => {
        tx.put('accounts', account('b', 'b@x.test'))
        tx.put('accounts', account('a', 'changed@x.test'))
        tx.delete('accounts', 'a')
        tx.event({ type: 'account.created', message: 'x' })
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(JSON.stringify(s.toDoc(0))).toBe(before)
    expect(s.findOne('accounts', 'projectEmail', key.projectEmail('p', 'b@x.test'))).toBeUndefined()
    expect(s.findOne('accounts', 'projectEmail', key.projectEmail('p', 'a@x.test'))?.id).toBe('a')
  })

  it('returns one change per touched record, with deletes as null, and replays them', () => {
    const s = new MemoryStore(emptyWorkspace())
    const c = s.transact((tx) => {
      tx.put('accounts', account('a', 'a@x.test'))
      tx.put('accounts', account('b', 'b@x.test'))
      tx.put('accounts', account('a', 'a2@x.test'))
      tx.delete('accounts', 'b')
      tx.event({ type: 'account.created', message: 'created a' })
    })
    expect(c.ops).toEqual([
      { c: 'accounts', id: 'a', v: account('a', 'a2@x.test') },
      { c: 'accounts', id: 'b', v: null },
    ])
    expect(c.events).toHaveLength(1)
    const replica = new MemoryStore(emptyWorkspace())
    replica.apply(c.ops)
    expect(replica.toDoc(0)).toEqual(s.toDoc(0))
  })
})
