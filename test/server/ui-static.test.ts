import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UI_CSP } from '@shared/csp'
import { startTestSandbox, type TestSandbox } from '../helpers/sandbox'

let t: TestSandbox
beforeAll(async () => {
  const ui = await mkdtemp(join(tmpdir(), 'scim-sandbox-ui-'))
  await mkdir(join(ui, 'assets'))
  await writeFile(join(ui, 'index.html'), '<!doctype html><title>UI</title>')
  await writeFile(join(ui, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(ui, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  t = await startTestSandbox({ rendererDir: ui })
})
afterAll(() => t.close())

describe('the UI files', () => {
  it('are served, and their reads stay out of the request log', async () => {
    const before = t.sb.log.page({ limit: 1000 }).total
    const page = await fetch(`${t.sb.origin}/?secret=${t.sb.adminSecret}`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(UI_CSP)
    for (const p of ['/assets/app.js', '/favicon.svg', '/index.html']) expect((await fetch(`${t.sb.origin}${p}`)).status).toBe(200)
    expect(t.sb.log.page({ limit: 1000 }).total).toBe(before)
  })

  it('but a stray request at the root (an IdP with a wrong base URL) is logged', async () => {
    const r = await fetch(`${t.sb.origin}/Users?filter=x`, { headers: { Authorization: 'Bearer nope' } })
    expect(r.status).toBe(404)
    const newest = t.sb.log.page({ limit: 1 }).entries[0]!
    expect([newest.method, newest.path, newest.status]).toEqual(['GET', '/Users', 404])
  })
})
