import type { Router } from 'express'
import type { WorkspaceInfo } from '@shared/control'
import type { WorkspaceAdmin } from '../../../core/admin/admin'
import type { SandboxSettings } from '../../settings'
import type { WorkspaceOps } from '../../workspace-ops'
import { attachment, sendWritten } from './send'

export interface WorkspaceRouteDeps {
  info: () => WorkspaceInfo
  settings: SandboxSettings
  workspace: WorkspaceOps
  admin: WorkspaceAdmin
}

/** /info, /settings, /workspace/{reset,export,import}, /directory. */
export function workspaceRoutes(r: Router, deps: WorkspaceRouteDeps): void {
  r.get('/info', (_req, res) => {
    res.json(deps.info())
  })
  r.get('/settings', (_req, res) => {
    res.json(deps.settings.get())
  })
  r.patch('/settings', (req, res) => {
    res.json(deps.settings.update(req.body))
  })
  r.post('/workspace/reset', async (req, res) => sendWritten(res, 200, await deps.workspace.reset(req.body)))
  r.post('/workspace/import', async (req, res) => sendWritten(res, 200, await deps.workspace.import(req.body)))
  r.get('/workspace/export', (_req, res) => {
    attachment(res, '.seed.json')
    res.type('json').send(JSON.stringify(deps.admin.exportSeed(), null, 2))
  })
  r.get('/directory', (_req, res) => {
    res.json(deps.admin.directory())
  })
}
