import type { Router } from 'express'
import type { WorkspaceAdmin } from '../../../core/admin/admin'

/** GET /iam-tenants/:id/graph: one IAM tenant's resources and their relations, for the Directory's IAM tab (404 for an unknown tenant). */
export function iamGraphRoutes(r: Router, admin: WorkspaceAdmin): void {
  r.get('/iam-tenants/:id/graph', (req, res) => {
    res.json(admin.iamGraph(String(req.params.id)))
  })
}
