import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { Scenario } from '@shared/scenario'

/**
 * Users' scenarios, one JSON file each in a folder beside the workspace file (`<dataFile>.scenarios/<name>.json`),
 * so they travel with the workspace and can be edited, diffed and committed like any file. Written atomically
 * (temp file, fsync, rename): a crash leaves the old file or the new one, never half of one. A file that does not
 * validate is skipped with a warning and left alone on disk — the sandbox starts anyway.
 */

export type ScenarioParser = (json: unknown) => { ok: true; scenario: Scenario } | { ok: false; issues: { path: string; message: string }[] }

export function scenariosDir(dataFile: string): string {
  return `${dataFile}.scenarios`
}

const fileOf = (dir: string, name: string) => join(dir, `${name}.json`)

export async function loadScenarios(dir: string, parse: ScenarioParser): Promise<{ scenarios: Map<string, Scenario>; warnings: string[] }> {
  const scenarios = new Map<string, Scenario>()
  const warnings: string[] = []
  let names: string[]
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`saved scenarios in ${dir} could not be read: ${(e as Error).message}`)
    return { scenarios, warnings }
  }
  for (const file of names) {
    const path = join(dir, file)
    let json: unknown
    try {
      json = JSON.parse(await readFile(path, 'utf8'))
    } catch (e) {
      warnings.push(`saved scenario ${path} skipped: ${e instanceof SyntaxError ? `not JSON (${e.message})` : (e as Error).message}`)
      continue
    }
    const r = parse(json)
    if (!r.ok) {
      warnings.push(`saved scenario ${path} skipped: ${r.issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`)
      continue
    }
    if (`${r.scenario.name}.json` !== file) {
      warnings.push(`saved scenario ${path} skipped: its name is "${r.scenario.name}", so its file should be ${r.scenario.name}.json`)
      continue
    }
    scenarios.set(r.scenario.name, r.scenario)
  }
  return { scenarios, warnings }
}

export async function writeScenario(dir: string, scenario: Scenario): Promise<void> {
  await mkdir(dir, { recursive: true })
  const target = fileOf(dir, scenario.name)
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`
  const fh = await open(tmp, 'w')
  try {
    await fh.writeFile(`${JSON.stringify(scenario, null, 2)}\n`)
    await fh.sync()
  } finally {
    await fh.close()
  }
  try {
    await rename(tmp, target)
  } catch (e) {
    await unlink(tmp).catch(() => undefined)
    throw e
  }
  // The rename itself is durable only once the folder is synced (ext4, xfs); not every platform allows it.
  const d = await open(dir, 'r').catch(() => null)
  await d?.sync().catch(() => undefined)
  await d?.close()
}

export async function removeScenario(dir: string, name: string): Promise<boolean> {
  try {
    await unlink(fileOf(dir, name))
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw e
  }
}
