import express, { type Request, type Router } from 'express'
import type { WorkspaceInfo } from '@shared/control'
import type { WorkspaceAdmin } from '../../core/admin/admin'
import type { SandboxHub } from '../hub'
import type { RequestLogStore } from '../log/request-log-store'
import type { SandboxSettings } from '../settings'
import type { SimulatorService } from '../simulator/service'
import type { WorkspaceOps } from '../workspace-ops'
import { adminAuth } from './control/auth'
import { jsonBody } from './control/body'
import { credentialsRoutes } from './control/credentials-routes'
import { crudRoutes } from './control/crud-routes'
import { ControlError, controlErrorHandler } from './control/errors'
import { iamGraphRoutes } from './control/iam-graph-routes'
import { logRoutes } from './control/log-routes'
import { simulatorRoutes } from './control/simulator-routes'
import { workspaceRoutes } from './control/workspace-routes'

export interface ControlDeps {
  adminSecret: string
  log: RequestLogStore
  admin: WorkspaceAdmin
  workspace: WorkspaceOps
  settings: SandboxSettings
  hub: SandboxHub
  info: () => WorkspaceInfo
  /** Where this machine reaches the server (HAR URLs). */
  localOrigin: () => string
  version: string
  bodyLimit: number
  /** The IdP simulator (profiles, scenarios, runs). */
  simulator: SimulatorService
}

/**
 * `/_sandbox/api`: the UI's API (routes and schemas in src-shared/control.ts). The admin secret is checked first, on
 * every route; then the JSON body is read; each route is one call; every error is `{error, issues?}` JSON.
 */
export function controlRouter(deps: ControlDeps): Router {
  const r = express.Router()
  r.use(adminAuth(deps.adminSecret))
  r.use(jsonBody(deps.bodyLimit))
  workspaceRoutes(r, deps)
  crudRoutes(r, deps.admin)
  credentialsRoutes(r, deps)
  iamGraphRoutes(r, deps.admin)
  logRoutes(r, deps)
  simulatorRoutes(r, deps.simulator)
  r.use((req: Request) => {
    throw new ControlError(404, `no control API endpoint ${req.method} ${req.path}`)
  })
  r.use(controlErrorHandler)
  return r
}
