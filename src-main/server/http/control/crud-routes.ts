import type { Request, Response, Router } from 'express'
import type { WorkspaceAdmin } from '../../../core/admin/admin'
import { sendWritten } from './send'

const id = (req: Request) => String(req.params.id)
/** Config routes tag their log entry with the config, so the log filters by it. */
const configId = (req: Request, res: Response) => {
  res.locals.configId = id(req)
  return id(req)
}

/** Projects, teams, status pages and SCIM configs: one WorkspaceAdmin call per route. */
export function crudRoutes(r: Router, admin: WorkspaceAdmin): void {
  r.get('/projects', (_req, res) => {
    res.json(admin.listProjects())
  })
  r.post('/projects', async (req, res) => sendWritten(res, 201, await admin.createProject(req.body)))
  r.patch('/projects/:id', async (req, res) => sendWritten(res, 200, await admin.updateProject(id(req), req.body)))
  r.delete('/projects/:id', async (req, res) => sendWritten(res, 204, await admin.deleteProject(id(req))))

  r.get('/projects/:id/teams', (req, res) => {
    res.json(admin.listTeams(id(req)))
  })
  r.post('/projects/:id/teams', async (req, res) => sendWritten(res, 201, await admin.createTeam(id(req), req.body)))
  r.patch('/teams/:id', async (req, res) => sendWritten(res, 200, await admin.updateTeam(id(req), req.body)))
  r.delete('/teams/:id', async (req, res) => sendWritten(res, 204, await admin.deleteTeam(id(req))))

  r.get('/projects/:id/status-pages', (req, res) => {
    res.json(admin.listStatusPages(id(req)))
  })
  r.post('/projects/:id/status-pages', async (req, res) => sendWritten(res, 201, await admin.createStatusPage(id(req), req.body)))
  r.patch('/status-pages/:id', async (req, res) => sendWritten(res, 200, await admin.updateStatusPage(id(req), req.body)))
  r.delete('/status-pages/:id', async (req, res) => sendWritten(res, 204, await admin.deleteStatusPage(id(req))))

  r.get('/scim-configs', (_req, res) => {
    res.json(admin.listConfigs())
  })
  r.post('/scim-configs', async (req, res) => {
    const w = await admin.createConfig(req.body)
    res.locals.configId = w.value.id
    sendWritten(res, 201, w)
  })
  r.get('/scim-configs/:id', (req, res) => {
    res.json(admin.getConfig(id(req)))
  })
  r.patch('/scim-configs/:id', async (req, res) => sendWritten(res, 200, await admin.updateConfig(configId(req, res), req.body)))
  r.delete('/scim-configs/:id', async (req, res) => sendWritten(res, 204, await admin.deleteConfig(configId(req, res))))
  r.post('/scim-configs/:id/rotate-token', async (req, res) => sendWritten(res, 200, await admin.rotateToken(configId(req, res), req.body)))
}
