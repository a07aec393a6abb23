import { expect } from 'vitest'
import type { Locator, Page } from 'playwright-core'

/**
 * Page modules: the e2e tests say what a user does ("open the log", "create a config"), and only this file knows
 * how the screens are built. Selectors are roles and accessible names, the way a user (or a screen reader) finds them.
 */
export class AppPage {
  constructor(readonly page: Page) {}

  async open(url: string) {
    await this.page.goto(url)
    await this.page.getByRole('navigation', { name: 'Screens' }).waitFor()
  }
  async go(screen: 'Live log' | 'Configs & tokens' | 'Directory' | 'Settings') {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen, exact: true }).click()
    await this.page.getByRole('main', { name: screen }).waitFor()
  }
  get live(): Locator {
    return this.page.getByRole('navigation', { name: 'Screens' }).getByRole('status')
  }
  async shot(dir: string, name: string) {
    await this.page.screenshot({ path: `${dir}/${name}.png` })
  }
}

export class LogPage {
  constructor(readonly page: Page) {}
  get grid(): Locator {
    return this.page.getByRole('grid', { name: 'Requests' })
  }
  /** Rows whose text contains all the given parts (method, path, status…). */
  row(...parts: string[]): Locator {
    let rows = this.grid.getByRole('row')
    for (const p of parts) rows = rows.filter({ hasText: p })
    return rows
  }
  async filterPath(text: string) {
    await this.page.getByRole('toolbar', { name: 'Log filters and actions' }).getByLabel('Path').fill(text)
  }
  detail(): Locator {
    return this.page.locator('section.log-detail')
  }
  async openTab(name: string) {
    await this.detail().getByRole('tab', { name }).click()
  }
}

export class ConfigsPage {
  constructor(readonly page: Page) {}

  async createProjectConfig(o: { name: string; id: string; project: string; defaultTeam: string }) {
    const p = this.page
    await p.getByRole('button', { name: 'New SCIM config' }).first().click()
    const form = p.getByRole('form', { name: 'New SCIM config' })
    await form.getByLabel('Project SCIM').check()
    await form.getByLabel('Project', { exact: true }).selectOption({ label: o.project })
    await form.getByLabel('Name', { exact: true }).fill(o.name)
    await form.getByLabel('Id (optional)').fill(o.id)
    await form.locator('label.team-option', { hasText: o.defaultTeam }).locator('input[type=checkbox]').check()
    await form.getByRole('button', { name: 'Create config' }).click()
    await form.waitFor({ state: 'detached' })
    await p.getByRole('heading', { name: o.name, level: 2 }).waitFor()
  }
  connection(): Locator {
    return this.page.getByRole('region', { name: 'Connection' })
  }
  async baseUrl(): Promise<string> {
    return (await this.connection().locator('.copy-field span').first().textContent())!.trim()
  }
  async revealedToken(): Promise<string> {
    const show = this.connection().getByRole('button', { name: 'Show token' })
    if (await show.count()) await show.click()
    const token = (await this.connection().getByTestId('secret-value').textContent())!.trim()
    expect(token).not.toMatch(/•/)
    return token
  }
  async rotateToken(): Promise<string> {
    const before = await this.revealedToken()
    await this.connection().getByRole('button', { name: 'Rotate token' }).click()
    const dialog = this.page.getByRole('dialog')
    await dialog.getByRole('button', { name: 'Rotate token' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expect.poll(() => this.revealedToken(), { timeout: 10_000 }).not.toBe(before)
    return this.revealedToken()
  }
}

export class DirectoryPage {
  constructor(readonly page: Page) {}
  async tab(name: 'Users' | 'Teams' | 'Status pages' | 'SCIM resources' | 'IAM') {
    await this.page.getByRole('main', { name: 'Directory' }).getByRole('tab', { name: new RegExp(`^${name}\\b`) }).click()
  }
  users(): Locator {
    return this.page.getByRole('table', { name: 'Users' })
  }
  teams(): Locator {
    return this.page.getByRole('table', { name: 'Teams' })
  }
  /** IAM tab: a role's card, opened (role → permissions → statements). */
  async openRole(name: string): Promise<Locator> {
    const card = this.page.getByRole('article', { name: `Role ${name}` })
    const toggle = card.getByRole('button', { name, exact: false }).first()
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click()
    return card
  }
  statements(permission: string): Locator {
    return this.page.getByRole('list', { name: `Statements of ${permission}` }).first()
  }
  iamUsers(): Locator {
    return this.page.getByRole('table', { name: 'IAM users' })
  }
}

export class ScenariosPage {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Scenarios', exact: true }).click()
    await this.page.getByRole('main', { name: 'Scenarios' }).waitFor()
  }
  setup(): Locator {
    return this.page.getByRole('complementary', { name: 'Run setup' })
  }
  results(): Locator {
    return this.page.getByRole('region', { name: 'Run results' })
  }
  /** A scenario by name (its profile follows) against one of this sandbox's SCIM configs. */
  async choose(o: { scenario: string; configId: string }) {
    // The setup folds away during a step-by-step run.
    const show = this.page.getByRole('button', { name: 'Show setup' })
    if (await show.count()) await show.click()
    await this.setup().getByLabel('Scenario preview').waitFor()
    await this.setup().getByLabel('Scenario', { exact: true }).selectOption(o.scenario)
    await this.setup().getByLabel('This sandbox').check()
    await this.setup().getByLabel('SCIM config').selectOption(o.configId)
  }
  async step() {
    await this.setup().getByRole('button', { name: 'Step', exact: true }).click()
    await this.pending().waitFor()
  }
  pending(): Locator {
    return this.results().getByRole('region', { name: 'Next request' })
  }
  last(): Locator {
    return this.results().getByRole('region', { name: 'Last exchange' })
  }
  /** The pending request's method and URL, e.g. "POST http://127.0.0.1:7643/scim/v2/acme-okta/Users". */
  async requestLine(): Promise<string> {
    return ((await this.pending().locator('.sc-url').textContent()) ?? '').replace(/\s+/g, ' ').trim()
  }
  /** Sends the pending request and waits until the next one (or the end) is shown. */
  async send() {
    const before = await this.pending().textContent()
    const send = this.pending().getByRole('button', { name: 'Send' })
    await expect.poll(() => send.isEnabled()).toBe(true)
    await send.click()
    await expect
      .poll(
        async () => {
          if (!(await this.pending().count())) return 'ended'
          // Each request carries its own X-Scim-Sandbox-Exchange number, so the next one never reads the same.
          const ready = (await send.count()) && (await send.textContent()) === 'Send' && (await this.pending().textContent()) !== before
          return ready ? 'next' : 'sending'
        },
        { timeout: 10_000 },
      )
      .not.toBe('sending')
  }
  runStatus(): Locator {
    return this.results().getByRole('region', { name: 'Run summary' }).locator('.sc-run-status')
  }
}
