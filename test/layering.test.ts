import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, dirname } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * The layer rule as a test (ARCHITECTURE.md): src-shared <- core <- server <- electron, renderer <- src-shared.
 * Each folder says which imports it may make; anything else is a violation.
 */
const root = resolve(__dirname, '..')

interface Rule {
  folder: string
  allowPackages: RegExp
  /** Folders (relative to the repo) that relative imports may reach. */
  allowFolders: string[]
}

const RULES: Rule[] = [
  { folder: 'src-shared', allowPackages: /^zod$/, allowFolders: ['src-shared'] },
  { folder: 'src-main/core', allowPackages: /^(zod|@shared\/.+)$/, allowFolders: ['src-main/core', 'src-shared'] },
  { folder: 'src-main/server', allowPackages: /^(?!electron$)(?!.*\/electron\/)/, allowFolders: ['src-main/core', 'src-main/server', 'src-shared'] },
  // The shell: electron, Node built-ins and zod; it may reach every main-process layer, never the renderer.
  { folder: 'src-main/electron', allowPackages: /^(electron|zod|node:.+|@shared\/.+)$/, allowFolders: ['src-main/electron', 'src-main/server', 'src-main/core', 'src-shared'] },
  { folder: 'src-renderer', allowPackages: /^(zod|react|react-dom(\/.*)?|react\/jsx-runtime|zustand(\/.*)?|@shared\/.+|@tanstack\/.+)$/, allowFolders: ['src-renderer', 'src-shared'] },
]

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g

export function importsOf(source: string): string[] {
  const out: string[] = []
  for (const m of source.matchAll(IMPORT_RE)) out.push((m[1] ?? m[2] ?? m[3] ?? m[4])!)
  return out
}

function files(dir: string): string[] {
  let out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) out = out.concat(files(p))
    else if (/\.(ts|tsx|mts|mjs|js)$/.test(name)) out.push(p)
  }
  return out
}

/** Violations of one file's imports against its folder's rule. */
export function violations(file: string, source: string, rule: Rule): string[] {
  const bad: string[] = []
  for (const spec of importsOf(source)) {
    if (spec.startsWith('.')) {
      const target = relative(root, resolve(dirname(file), spec))
      if (!rule.allowFolders.some((f) => target === f || target.startsWith(f + '/'))) bad.push(`${relative(root, file)} imports ${spec} (${target})`)
    } else if (spec.startsWith('@shared/')) {
      if (!rule.allowFolders.includes('src-shared')) bad.push(`${relative(root, file)} imports ${spec}`)
    } else if (!rule.allowPackages.test(spec)) {
      bad.push(`${relative(root, file)} imports ${spec}`)
    }
  }
  return bad
}

describe('layering', () => {
  for (const rule of RULES) {
    it(`${rule.folder} imports only what its layer allows`, () => {
      const dir = join(root, rule.folder)
      const bad = files(dir).flatMap((f) => violations(f, readFileSync(f, 'utf8'), rule))
      expect(bad).toEqual([])
    })
  }

  it('only src-main/electron imports electron', () => {
    const all = ['src-main', 'src-shared', 'src-renderer', 'bin'].flatMap((d) => files(join(root, d)))
    const offenders = all.filter((f) => !relative(root, f).startsWith('src-main/electron/') && importsOf(readFileSync(f, 'utf8')).includes('electron'))
    expect(offenders.map((f) => relative(root, f))).toEqual([])
  })

  it('catches forbidden imports (the checker itself can fail)', () => {
    const core = RULES.find((r) => r.folder === 'src-main/core')!
    const fake = join(root, 'src-main/core/x.ts')
    expect(violations(fake, `import { readFile } from 'node:fs'\nimport express from 'express'\nimport { Low } from 'lowdb'`, core)).toHaveLength(3)
    expect(violations(fake, `import { startSandbox } from '../server/sandbox'`, core)).toHaveLength(1)
    expect(violations(fake, `import { z } from 'zod'\nimport type { X } from '@shared/workspace'\nimport { y } from './scim/api'`, core)).toEqual([])
    const server = RULES.find((r) => r.folder === 'src-main/server')!
    expect(violations(join(root, 'src-main/server/a.ts'), `import { app } from 'electron'`, server)).toHaveLength(1)
    const shell = RULES.find((r) => r.folder === 'src-main/electron')!
    expect(violations(join(root, 'src-main/electron/a.ts'), `import { App } from '../../src-renderer/src/App'\nimport express from 'express'`, shell)).toHaveLength(2)
    expect(violations(join(root, 'src-main/electron/a.ts'), `import { app } from 'electron'\nimport { startSandbox } from '../server/sandbox'\nimport { UI_CSP } from '@shared/csp'`, shell)).toEqual([])
    const shared = RULES.find((r) => r.folder === 'src-shared')!
    expect(violations(join(root, 'src-shared/a.ts'), `const x = await import('node:fs')`, shared)).toHaveLength(1)
  })
})
