import type { ChangeOp } from '@shared/workspace'
import { emptyWorkspace } from '@shared/workspace'
import type { IamKind } from '@shared/iam'
import { Engine } from '../../../src-main/core/engine'
import { MemoryStore } from '../../../src-main/core/store/memory-store'
import { IamService } from '../../../src-main/core/iam'

export const BASE = 'http://127.0.0.1:7643/iam/scim/v2/t1'
export const GENERATED = 'Gen3rated-Pa55word!'

/** A toy digest that never contains the password, so a leak is found by searching for the password text. */
export function fakeDigest(p: string): string {
  let h = 0x811c9dc5
  for (const c of p) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0
  return `sha256-${h.toString(16).padStart(8, '0')}`
}

/** A service over a real MemoryStore and Engine with in-memory ports; the clock ticks a second per call. */
export function makeIam() {
  const store = new MemoryStore(emptyWorkspace())
  let clock = Date.parse('2026-01-01T00:00:00.000Z')
  let n = 0
  const persisted: ChangeOp[][] = []
  const engine = new Engine(store, {
    clock: { now: () => new Date((clock += 1000)) },
    ids: { next: () => `id-${String(++n).padStart(3, '0')}` },
    durability: { persist: async (ops) => void persisted.push(ops) },
  })
  const t0 = '2026-01-01T00:00:00.000Z'
  store.transact((tx) => {
    tx.put('iamTenants', { id: 't1', name: 'Acme', createdAt: t0, updatedAt: t0 })
    tx.put('iamTenants', { id: 't2', name: 'Other', createdAt: t0, updatedAt: t0 })
  })
  const hashed: string[] = []
  const generated: string[] = []
  const svc = new IamService(engine, {
    hashPassword: (p) => (hashed.push(p), fakeDigest(p)),
    generatePassword: () => (generated.push(GENERATED), GENERATED),
  })
  const create = async (kind: IamKind, body: unknown, tenant = 't1') => (await svc.create(tenant, kind, body, BASE)).value
  const snapshot = () => JSON.stringify(store.toDoc(0))
  return { store, engine, svc, persisted, hashed, generated, create, snapshot }
}

/** One of each kind, wired together: deploy/read → Deployments → prod → "Ship it" → role Admin; alice in Admins. */
export async function seed(iam: ReturnType<typeof makeIam>) {
  const deploy = await iam.create('action', { name: 'deploy', description: 'Deploy things' })
  const read = await iam.create('action', { name: 'read' })
  const rt = await iam.create('resourceType', { name: 'Deployments', actions: [deploy.id, read.id] })
  const prod = await iam.create('resource', { name: 'Prod Cluster', type: rt.id })
  const perm = await iam.create('permission', { name: 'Ship it', statements: [{ actions: [deploy.id], resource: prod.id }] })
  const alice = await iam.create('user', { userName: 'alice', displayName: 'Alice A', emails: [{ value: 'alice@acme.test', type: 'work', primary: true }] })
  const bob = await iam.create('user', { userName: 'bob', emails: [{ value: 'bob@other.test', type: 'home' }] })
  const admins = await iam.create('group', { displayName: 'Admins', members: [{ value: alice.id }] })
  const role = await iam.create('role', { name: 'Admin', permissions: [perm.id], members: [{ value: alice.id }, { value: admins.id, type: 'Group' }] })
  return { deploy, read, rt, prod, perm, alice, bob, admins, role }
}
