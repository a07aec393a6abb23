import { readFile } from 'node:fs/promises'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { e2eAvailable, launchBrowser, shotDir, startServe, type Served } from './harness'
import { AppPage, ConfigsPage, DirectoryPage, LogPage, ScenariosPage } from './pages'

/**
 * The acceptance path of the UI, as a new user walks it: `npm run serve` on a temp workspace, the real UI in headless
 * Chromium, SCIM requests sent from the test like an IdP would. One server and one page for the whole walk, in order.
 */
const run = e2eAvailable()
const SCIM = 'application/scim+json'

describe.runIf(run)('the UI in Chromium against npm run serve', () => {
  let served: Served
  let browser: Browser
  let page: Page
  let app: AppPage
  let shots: string
  let baseUrl = ''
  let token = ''
  const pageErrors: string[] = []

  beforeAll(async () => {
    ;[served, browser, shots] = await Promise.all([startServe(), launchBrowser(), shotDir()])
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    page.on('pageerror', (e) => pageErrors.push(e.message))
    app = new AppPage(page)
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await served?.stop()
  })

  const scim = (method: string, path: string, body?: unknown, bearer = token) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${bearer}`, Accept: SCIM, ...(body ? { 'Content-Type': SCIM } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })

  it('without the secret, asks for the printed address; pasting it connects', async () => {
    await page.goto(served.origin)
    await page.getByLabel('UI address or admin secret').fill(served.uiUrl)
    await page.getByRole('button', { name: 'Connect' }).click()
    await page.getByRole('navigation', { name: 'Screens' }).waitFor()
    // The secret now lives in this tab's sessionStorage; start the walk as a new user would, from the printed URL.
    await page.evaluate(() => sessionStorage.clear())
  })

  it('opens at the printed UI address, takes the secret out of the address bar, and goes live', async () => {
    await app.open(served.uiUrl)
    expect(new URL(page.url()).searchParams.get('secret')).toBeNull()
    await expect.poll(() => app.live.textContent(), { timeout: 10_000 }).toContain('Live')
    await app.shot(shots, 'log-empty')
  })

  it('creates a Project SCIM config in the UI, with a default team', async () => {
    await app.go('Configs & tokens')
    const configs = new ConfigsPage(page)
    await configs.createProjectConfig({ name: 'E2E Okta', id: 'e2e-okta', project: 'Acme', defaultTeam: 'Engineering' })
    baseUrl = await configs.baseUrl()
    token = await configs.revealedToken()
    expect(baseUrl).toBe(`${served.origin}/scim/v2/e2e-okta`)
    expect(token.length).toBeGreaterThanOrEqual(16)
    await app.shot(shots, 'configs')
  })

  it('shows SCIM requests sent by an IdP in the live log without a reload, and the detail redacts the token', async () => {
    await app.go('Live log')
    const log = new LogPage(page)
    const sent = Date.now()
    const created = await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'alice@e2e.test', name: { givenName: 'Alice', familyName: 'E2E' }, active: true })
    expect(created.status).toBe(201)
    const lookup = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "alice@e2e.test"')}`)
    expect(lookup.status).toBe(200)

    const row = log.row('POST', '/scim/v2/e2e-okta/Users', '201')
    await row.first().waitFor({ timeout: 5_000 })
    const arrivedMs = Date.now() - sent
    console.log(`e2e: POST /Users appeared in the live log ${arrivedMs} ms after it was sent`)
    await log.row('GET', '/scim/v2/e2e-okta/Users', '200').first().waitFor({ timeout: 5_000 })

    await row.first().click()
    const detail = log.detail()
    await detail.waitFor()
    await expect.poll(() => detail.textContent(), { timeout: 5_000 }).toContain('alice@e2e.test')
    await log.openTab('Request')
    const requestText = (await detail.textContent()) ?? ''
    expect(requestText.toLowerCase()).toContain('authorization')
    expect(requestText).toContain(`Bearer ${token.slice(0, 4)}`)
    expect(requestText).toContain('…')
    // Nowhere on the page, in any tab, is the whole token.
    for (const tab of ['Request', 'Response', 'Changes']) {
      await log.openTab(tab)
      expect(await page.content()).not.toContain(token)
    }
    await log.openTab('Changes')
    expect(await detail.textContent()).toMatch(/Engineering/)
    await app.shot(shots, 'log-detail')

    // Copy as curl: a runnable command with the token as logged (redacted), never the real one.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin })
    await detail.getByRole('button', { name: 'Copy as curl' }).click()
    const curl = await page.evaluate(() => navigator.clipboard.readText())
    expect(curl).toContain(`curl '${baseUrl}/Users'`)
    expect(curl).toContain('-X POST')
    expect(curl).toContain('alice@e2e.test')
    expect(curl).not.toContain(token)

    // Export HAR (a browser download here; the OS save dialog in Electron): HAR 1.2 with our requests, redacted.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export HAR' }).click()])
    const har = JSON.parse(await readFile((await download.path())!, 'utf8'))
    expect(har.log.version).toBe('1.2')
    const harPost = har.log.entries.find((e: any) => e.request.method === 'POST' && e.request.url === `${baseUrl}/Users`)
    expect(harPost.response.status).toBe(201)
    expect(JSON.stringify(har)).not.toContain(token)

    await log.filterPath('filter=')
    await expect.poll(() => log.grid.getByRole('row').filter({ hasText: 'POST' }).count(), { timeout: 5_000 }).toBe(0)
    await log.filterPath('')
  })

  it('shows the new user in the Directory with its team membership', async () => {
    await app.go('Directory')
    const dir = new DirectoryPage(page)
    const aliceRow = dir.users().getByRole('row').filter({ hasText: 'alice@e2e.test' })
    await aliceRow.waitFor({ timeout: 5_000 })
    expect(await aliceRow.textContent()).toContain('Engineering')
    expect(await aliceRow.textContent()).toContain('E2E Okta')
    await app.shot(shots, 'directory')
    await dir.tab('Teams')
    await expect.poll(async () => (await dir.teams().getByRole('row').filter({ hasText: 'Engineering' }).textContent()) ?? '').toContain('alice@e2e.test')
    await dir.tab('Users')

    // Live: a user provisioned while the Directory is open appears without a reload.
    expect((await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'bob@e2e.test' })).status).toBe(201)
    await dir.users().getByRole('row').filter({ hasText: 'bob@e2e.test' }).waitFor({ timeout: 5_000 })
  })

  it('rotates the token in the UI: the old one is refused at once, the new one works', async () => {
    await app.go('Configs & tokens')
    const configs = new ConfigsPage(page)
    await page.getByRole('navigation', { name: 'SCIM configs' }).getByText('E2E Okta').click()
    const old = token
    const fresh = await configs.rotateToken()
    expect(fresh).not.toBe(old)
    expect((await scim('GET', '/Users', undefined, old)).status).toBe(401)
    expect((await scim('GET', '/Users', undefined, fresh)).status).toBe(200)
    token = fresh
    await app.shot(shots, 'configs-rotated')
  })

  it('shows the demo IAM graph in Directory → IAM, a user created over the IAM SCIM API appears live, and its request is in the log as iam-scim', async () => {
    // A SCIM token for the demo tenant, minted through the control API as the Configs screen does.
    const secret = new URL(served.uiUrl).searchParams.get('secret')!
    const minted = await fetch(`${served.origin}/_sandbox/api/iam-tenants/tenant-1/tokens`, {
      method: 'POST',
      headers: { 'X-Sandbox-Secret': secret, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'e2e' }),
    })
    expect(minted.status).toBe(201)
    const iamToken = ((await minted.json()) as { token: string }).token

    await app.go('Directory')
    const dir = new DirectoryPage(page)
    await dir.tab('IAM')
    const card = await dir.openRole('Release manager')
    await expect.poll(() => dir.statements('Deploy checkout').textContent(), { timeout: 5_000 }).toBe('deploy on Checkout API (Service)')
    expect(await card.textContent()).toContain('SRE (group, 1 member)')
    expect(await card.textContent()).toContain('team: release')

    // Live: a user created over the IAM SCIM API while the tab is open appears without a reload.
    const created = await fetch(`${served.origin}/iam/scim/v2/tenant-1/Users`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${iamToken}`, 'Content-Type': 'application/json', Accept: SCIM },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'linus@acme.test',
        displayName: 'Linus E2E',
        emails: [{ value: 'linus@acme.test', primary: true }],
        'urn:ietf:params:scim:schemas:extension:custom:2.0:User': { company: 'Acme', human: true },
      }),
    })
    expect(created.status).toBe(201)
    await dir.iamUsers().getByRole('row').filter({ hasText: 'Linus E2E' }).waitFor({ timeout: 5_000 })
    await page.waitForTimeout(2_200) // the highlight fades before the screenshot
    await app.shot(shots, 'directory-iam')
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.waitForTimeout(150)
    await app.shot(shots, 'directory-iam-dark')
    await page.emulateMedia({ colorScheme: 'light' })

    // The request is in the live log, as the IAM SCIM surface's.
    await app.go('Live log')
    const log = new LogPage(page)
    // Narrowed to the IAM path: rows that arrived while another screen was open may sit above the scrolled list.
    await log.filterPath('/iam/scim/v2/tenant-1')
    const row = log.row('POST', '/iam/scim/v2/tenant-1/Users', '201')
    await row.first().waitFor({ timeout: 5_000 })
    await row.first().click()
    await expect.poll(() => log.detail().locator('[title="API family"]').textContent(), { timeout: 5_000 }).toBe('iam-scim')
    expect(await page.content()).not.toContain(iamToken)
    await app.shot(shots, 'log-iam')
    await log.filterPath('')
    expect(pageErrors).toEqual([])
  })

  it('shows the settings, and every screen reads in the dark theme too', async () => {
    await app.go('Settings')
    await expect.poll(() => page.getByRole('main', { name: 'Settings' }).textContent()).toContain(served.dir)
    await app.shot(shots, 'settings')
    await page.emulateMedia({ colorScheme: 'dark' })
    for (const [screen, name] of [
      ['Live log', 'log'],
      ['Configs & tokens', 'configs'],
      ['Directory', 'directory'],
      ['Settings', 'settings'],
    ] as const) {
      await app.go(screen)
      await page.waitForTimeout(150)
      await app.shot(shots, `${name}-dark`)
    }
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(bg).not.toBe('rgb(255, 255, 255)')
    await page.emulateMedia({ colorScheme: 'light' })
    expect(pageErrors).toEqual([])
  })

  it('steps through an Okta lifecycle against the embedded config: each request before it goes, the directory change after the POST, the same requests in the Live log as simulator', async () => {
    const sc = new ScenariosPage(page)
    await sc.open()
    await sc.choose({ scenario: 'okta-oin-lifecycle', configId: 'acme-okta' })
    await expect.poll(() => sc.setup().getByLabel('IdP profile').inputValue()).toBe('okta-oin')
    await sc.step()
    // Nothing is sent before Send: the request is on screen whole, with why Okta sends it.
    const first = (await sc.pending().textContent())!
    expect(first).toMatch(/step 1 of \d+/)
    expect(first).toContain(`${served.origin}/scim/v2/acme-okta/Users`)
    expect(await sc.pending().getByLabel('Request headers').textContent()).toContain('Authorization')
    expect(await sc.results().getByRole('region', { name: 'Last exchange' }).count()).toBe(0)

    // Send until Okta's userName lookup is the next request, then until its POST has gone.
    let sawLookup = false
    let sentPost = false
    for (let i = 0; i < 15 && !sentPost; i++) {
      const line = await sc.requestLine()
      if (line.startsWith('GET ') && line.includes('/Users?filter=userName%20eq%20') && line.endsWith('&startIndex=1&count=100')) sawLookup = true
      sentPost = line === `POST ${served.origin}/scim/v2/acme-okta/Users`
      if (sentPost) await app.shot(shots, 'scenarios-step-pending-post')
      await sc.send()
    }
    expect(sawLookup).toBe(true)
    expect(sentPost).toBe(true)
    await expect.poll(() => sc.last().getByRole('list', { name: 'Directory changes' }).textContent(), { timeout: 10_000 }).toMatch(/added \S+ to team Engineering/)
    expect(await sc.last().textContent()).toContain('201')
    await app.shot(shots, 'scenarios-step')
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.waitForTimeout(150)
    await app.shot(shots, 'scenarios-step-dark')
    await page.emulateMedia({ colorScheme: 'light' })

    // The same requests reached the sandbox and its log, marked as the simulator's.
    await app.go('Live log')
    const log = new LogPage(page)
    await log.filterPath('/scim/v2/acme-okta/Users')
    await log.row('POST', '/scim/v2/acme-okta/Users', '201', 'simulator').first().waitFor({ timeout: 10_000 })
    expect(await log.row('GET', 'userName eq', 'simulator').count()).toBeGreaterThan(0)
    await log.filterPath('')

    // Stop: the run ends cancelled, with what happened so far.
    await sc.open()
    await sc.results().getByRole('button', { name: 'Stop' }).click()
    await expect.poll(() => sc.runStatus().textContent(), { timeout: 10_000 }).toBe('cancelled')
    expect(pageErrors).toEqual([])
  })
})
