import type { Request, Response, Router } from 'express'
import { z } from 'zod'
import type { ControlIssue } from '@shared/control'
import { runRequestSchema, type Report } from '@shared/scenario'
import { invalid } from '../../../core/admin/errors'
import { issuesOf } from '../../../core/admin/validate'
import { parseScenario, scenarioJsonSchema } from '../../../core/simulator/parse'
import { SimulatorError, type SimulatorService } from '../../simulator/service'
import { ControlError } from './errors'

const param = (req: Request, name: string) => String(req.params[name])

/** The JSON Schema of a scenario file as a user writes it (defaults make fields optional), made once. */
let jsonSchemaCache: unknown
const jsonSchema = () => (jsonSchemaCache ??= scenarioJsonSchema())

/** "steps.2.user" → ['steps', 2, 'user']; "(document)" → []. */
const pathOf = (p: string): (string | number)[] => (p === '(document)' || p === '' ? [] : p.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)))

/** A SimulatorError becomes the control API's `{error}` with its status; anything else goes on unchanged. */
async function call<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof SimulatorError) throw new ControlError(e.status, e.message)
    throw e
  }
}

function parseBody<S extends z.ZodType>(schema: S, body: unknown, what: string, extra: ControlIssue[] = []): z.output<S> {
  const r = schema.safeParse(body === undefined ? {} : body)
  const issues = [...(r.success ? [] : issuesOf(r.error)), ...extra]
  if (issues.length) throw invalid(issues, what)
  return (r as { data: z.output<S> }).data
}

function found(report: Report | undefined, id: string): Report {
  if (!report) throw new ControlError(404, `no run "${id}" (the sandbox keeps the last 50 runs, until it restarts)`)
  return report
}

/** A file name safe in a Content-Disposition header. */
const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80)

function download(res: Response, name: string, type: string, text: string) {
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`)
  res.type(type).send(text)
}

/**
 * The IdP simulator (PRODUCT.md §6; routes listed at the end of src-shared/scenario.ts): profiles, scenarios (built-in
 * and saved), runs in run or step mode, their reports as JSON and JUnit. One SimulatorService call per route; every
 * input is checked with the contract's zod schema, and every problem is listed in `issues`.
 */
export function simulatorRoutes(r: Router, sim: SimulatorService): void {
  r.get('/profiles', (_req, res) => {
    res.json(sim.profiles())
  })

  r.get('/scenarios', (_req, res) => {
    res.json(sim.scenarios())
  })
  r.get('/scenario-schema', (_req, res) => {
    res.json(jsonSchema())
  })
  r.get('/scenarios/:name', (req, res) => {
    const name = param(req, 'name')
    const s = sim.scenario(name)
    if (!s) throw new ControlError(404, `no scenario "${name}"`)
    res.json(s)
  })
  r.put('/scenarios/:name', async (req, res) => {
    const name = param(req, 'name')
    const body = req.body as unknown
    // The URL names the scenario; a body without a name takes it, a body with another name is a mistake worth saying.
    const withName = body && typeof body === 'object' && !Array.isArray(body) && !('name' in body) ? { ...body, name } : body
    const given = (withName as { name?: unknown } | undefined)?.name
    const mismatch: ControlIssue[] =
      typeof given === 'string' && given !== name ? [{ path: ['name'], message: `"${given}" is not the name in the URL ("${name}")` }] : []
    // The core's parse: the schema and what a schema cannot say (unique step ids), every problem at once.
    const parsed = parseScenario(withName)
    const issues = [...(parsed.ok ? [] : parsed.issues.map((i) => ({ path: pathOf(i.path), message: i.message }))), ...mismatch]
    if (!parsed.ok || issues.length) throw invalid(issues, 'the scenario is invalid')
    res.json(await call(() => sim.saveScenario(parsed.scenario)))
  })
  r.delete('/scenarios/:name', async (req, res) => {
    const name = param(req, 'name')
    const deleted = await call(() => sim.deleteScenario(name))
    if (!deleted) throw new ControlError(404, `no saved scenario "${name}"`)
    res.status(204).end()
  })

  r.post('/runs', async (req, res) => {
    const request = parseBody(runRequestSchema, req.body, 'the run request is invalid')
    const report = await call(() => sim.start(request))
    if (report.target.configId) res.locals.configId = report.target.configId
    res.status(201).json(report)
  })
  r.get('/runs', (_req, res) => {
    res.json(sim.runs())
  })
  r.get('/runs/:id', (req, res) => {
    res.json(found(sim.run(param(req, 'id')), param(req, 'id')))
  })
  r.post('/runs/:id/step', async (req, res) => {
    const id = param(req, 'id')
    found(sim.run(id), id)
    res.json(await call(() => sim.step(id)))
  })
  r.post('/runs/:id/stop', async (req, res) => {
    const id = param(req, 'id')
    found(sim.run(id), id)
    res.json(await call(() => sim.stop(id)))
  })
  r.get('/runs/:id/report.json', (req, res) => {
    const id = param(req, 'id')
    const report = found(sim.run(id), id)
    download(res, `scim-sandbox-${fileSafe(report.scenario)}-${fileSafe(id)}.report.json`, 'json', JSON.stringify(report, null, 2))
  })
  r.get('/runs/:id/junit.xml', (req, res) => {
    const id = param(req, 'id')
    const report = found(sim.run(id), id)
    const xml = sim.junit(id)
    if (xml === undefined) throw new ControlError(404, `no run "${id}"`)
    download(res, `scim-sandbox-${fileSafe(report.scenario)}-${fileSafe(id)}.junit.xml`, 'application/xml', xml)
  })
}
