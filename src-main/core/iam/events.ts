import { IAM_KIND_INFO, type IamMemberData } from '@shared/iam'
import type { IamResourceRecord } from '@shared/workspace'
import type { StoreReader, Tx } from '../store/memory-store'
import { labelOf } from './kinds'

/**
 * The words of the IAM provider's domain events. Messages name resources by name / userName / displayName so the
 * request log reads as a story; they are built from stored data only, which never holds a password.
 */
type Obj = Record<string, unknown>

export function tenantName(r: StoreReader, tenantId: string): string {
  return r.get('iamTenants', tenantId)?.name ?? tenantId
}

/** The top-level fields whose values differ (nested key order does not count as a change). */
export function changedFields(prev: Obj, next: Obj): string[] {
  const keys = [...new Set([...Object.keys(prev), ...Object.keys(next)])]
  return keys.filter((k) => canonical(prev[k]) !== canonical(next[k]))
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x,
  )
}

/** "a", "a and b", "a, b and c". */
export function joinAnd(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
}

const memberKey = (m: IamMemberData) => `${m.type}\u0000${m.value}`
export const membersOf = (rec: { data: Obj }) => (rec.data.members as IamMemberData[] | undefined) ?? []

/**
 * iam.member.added / removed for each membership a group or role gained or lost since `before`. `gone` is a member
 * being deleted in the same transaction, already absent from the store but still to be named.
 */
export function memberEvents(tx: Tx, rec: IamResourceRecord, before: IamMemberData[], gone?: IamResourceRecord): void {
  if (rec.kind !== 'group' && rec.kind !== 'role') return
  const after = membersOf(rec)
  const was = new Set(before.map(memberKey))
  const is = new Set(after.map(memberKey))
  const container = `${IAM_KIND_INFO[rec.kind].noun} ${labelOf(rec.data)}`
  const describe = (m: IamMemberData) => {
    const target = gone?.id === m.value ? gone : tx.get('iamResources', m.value)
    return `${m.type === 'Group' ? 'group' : 'user'} ${target ? labelOf(target.data) : m.value}`
  }
  for (const m of after) if (!was.has(memberKey(m))) tx.event({ type: 'iam.member.added', message: `added ${describe(m)} to ${container}`, resourceId: rec.id })
  for (const m of before) if (!is.has(memberKey(m))) tx.event({ type: 'iam.member.removed', message: `removed ${describe(m)} from ${container}`, resourceId: rec.id })
}
