import type { StatusPageInput } from '@shared/control'
import type { StatusPage } from '@shared/workspace'
import type { StoreReader, Tx } from '../store/memory-store'
import type { AdminContext } from './context'
import { removeStatusPage } from './cascade'
import { conflict, notFound } from './errors'
import { uniqueId } from './ids'
import { getProject } from './projects'

export function getStatusPage(store: StoreReader, id: string): StatusPage {
  const sp = store.get('statusPages', id)
  if (!sp) throw notFound(`no status page "${id}"`)
  return sp
}

export function createStatusPage(tx: Tx, ctx: AdminContext, projectId: string, input: StatusPageInput): StatusPage {
  getProject(tx, projectId)
  if (input.id !== undefined && tx.get('statusPages', input.id)) throw conflict(`a status page with id "${input.id}" already exists`)
  const id = input.id ?? uniqueId(input.name, 'status-page', (x) => tx.get('statusPages', x) !== undefined)
  const rec: StatusPage = { id, projectId, name: input.name, createdAt: ctx.now, updatedAt: ctx.now }
  tx.put('statusPages', rec)
  tx.event({ type: 'statusPage.created', message: `created status page ${rec.name}`, projectId })
  return rec
}

export function updateStatusPage(tx: Tx, ctx: AdminContext, id: string, patch: { name?: string }): StatusPage {
  const prev = getStatusPage(tx, id)
  if (patch.name === undefined || patch.name === prev.name) return prev
  const rec = { ...prev, name: patch.name, updatedAt: ctx.now }
  tx.put('statusPages', rec)
  tx.event({ type: 'statusPage.updated', message: `renamed status page ${prev.name} to ${rec.name}`, projectId: rec.projectId })
  return rec
}

/** A status page with its private users and its Status Page SCIM configs (and their SCIM resources). */
export function deleteStatusPage(tx: Tx, ctx: AdminContext, id: string): void {
  const sp = getStatusPage(tx, id)
  const r = removeStatusPage(tx, sp, ctx.now)
  tx.event({
    type: 'statusPage.deleted',
    message: `deleted status page ${sp.name} (${r.privateUsers} private user${r.privateUsers === 1 ? '' : 's'}, ${r.configs} SCIM config${r.configs === 1 ? '' : 's'} with ${r.scimUsers} SCIM user${r.scimUsers === 1 ? '' : 's'})`,
    projectId: sp.projectId,
  })
}
