import { IAM_KIND_INFO } from '@shared/iam'
import type { IamResourceRecord } from '@shared/workspace'
import { ScimError } from '../errors'
import type { StoreReader } from '../store/memory-store'
import { joinAnd } from './events'
import { labelOf } from './kinds'
import { iamRefsOf, type IamRef } from '@shared/iam-relations'
import { creationOrder } from './render'

export interface Referrers {
  /** Resources whose references forbid deleting the target (the access structure). */
  restrict: { by: IamResourceRecord; refs: IamRef[] }[]
  /** Groups and roles the target is a member of: the membership goes with it. */
  cascade: IamResourceRecord[]
}

/** Who refers to `target`, through the `refs` index (no scan), classified by what a delete does to them. */
export function referrersOf(r: StoreReader, target: IamResourceRecord): Referrers {
  const out: Referrers = { restrict: [], cascade: [] }
  for (const by of creationOrder(r.find('iamResources', 'refs', target.id))) {
    if (by.tenantId !== target.tenantId || by.id === target.id) continue
    const refs = iamRefsOf(by.kind, by.data).filter((ref) => ref.id === target.id && ref.kind === target.kind)
    const restricting = refs.filter((ref) => ref.onDelete === 'restrict')
    if (restricting.length) out.restrict.push({ by, refs: restricting })
    else if (refs.length) out.cascade.push(by)
  }
  return out
}

/** 409 naming every referrer and where it refers: `action "deploy" is still used by resource type "X" (actions[0])…`. */
export function stillUsed(target: IamResourceRecord, restrict: Referrers['restrict']): ScimError {
  const who = restrict.map(({ by, refs }) => `${IAM_KIND_INFO[by.kind].noun} "${labelOf(by.data)}" (${refs.map((x) => x.at).join(', ')})`)
  return new ScimError(409, `${IAM_KIND_INFO[target.kind].noun} "${labelOf(target.data)}" is still used by ${joinAnd(who)}; remove those references first`)
}
