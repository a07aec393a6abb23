import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ControlApiError } from '../../src-renderer/src/api/client'
import { fakeConfig, FakeControlClient } from '../../src-renderer/src/api/fake'
import { ClientProvider } from '../../src-renderer/src/app/client-context'
import { ConfigsScreen } from '../../src-renderer/src/features/configs/ConfigsScreen'

function renderScreen(fake = new FakeControlClient()) {
  const utils = render(
    <ClientProvider client={fake}>
      <ConfigsScreen />
    </ClientProvider>,
  )
  return { fake, ...utils }
}

/** A workspace with a Project SCIM config and a Status Page SCIM config. */
function twoConfigs() {
  const fake = new FakeControlClient()
  fake.configs[0].userCount = 3
  fake.configs[0].groupCount = 1
  fake.configs.push(
    fakeConfig({ id: 'acme-status-entra', name: 'Entra', kind: 'statusPage', statusPageId: 'acme-status', statusPageName: 'Acme Status', bearerToken: 'tok-acme-status-0000000', userCount: 2 }),
  )
  return fake
}

let writeText: ReturnType<typeof vi.fn>
beforeEach(() => {
  writeText = vi.fn(() => Promise.resolve())
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
})
afterEach(() => {
  vi.useRealTimers()
})

const list = () => screen.getByRole('navigation', { name: 'SCIM configs' })

describe('Configs & tokens: list and states', () => {
  it('shows Loading, then the configs grouped by project with kind badges and counts', async () => {
    renderScreen(twoConfigs())
    expect(screen.getByRole('status').textContent).toMatch(/Loading SCIM configs/)
    const okta = await within(await screen.findByRole('navigation', { name: 'SCIM configs' })).findByRole('button', { name: /Okta/ })
    expect(okta.textContent).toContain('Project SCIM')
    expect(okta.textContent).toContain('3 users · 1 group')
    const entra = within(list()).getByRole('button', { name: /Entra/ })
    expect(entra.textContent).toContain('Status Page SCIM')
    expect(entra.textContent).toContain('Acme Status')
    expect(entra.textContent).toContain('2 users')
    expect(within(list()).getByText('Acme')).toBeTruthy()
    // The first config is selected and shown.
    expect(screen.getByRole('heading', { name: 'Okta' })).toBeTruthy()
    fireEvent.click(entra)
    expect(screen.getByRole('heading', { name: 'Entra' })).toBeTruthy()
    expect(screen.getByText('http://127.0.0.1:7643/status-page-scim/v2/acme-status-entra')).toBeTruthy()
  })

  it('says so when there is no config, and offers to make one', async () => {
    const fake = new FakeControlClient()
    fake.configs = []
    renderScreen(fake)
    expect(await screen.findByText('No SCIM config yet')).toBeTruthy()
    expect(within(list()).getByText('No SCIM config')).toBeTruthy()
    fireEvent.click(screen.getAllByRole('button', { name: 'New SCIM config' })[1])
    expect(screen.getByRole('heading', { name: 'New SCIM config' })).toBeTruthy()
  })

  it('with no project at all, points to adding one', async () => {
    const fake = new FakeControlClient()
    fake.configs = []
    fake.projects = []
    renderScreen(fake)
    expect(await screen.findByText('No projects yet.')).toBeTruthy()
    // With nothing to show, the screen opens the projects panel.
    expect(screen.getByRole('heading', { name: /Projects, teams & status pages/ })).toBeTruthy()
    expect(screen.getByText('No projects')).toBeTruthy()
  })

  it('shows the server message when loading fails, and Retry loads', async () => {
    const fake = new FakeControlClient()
    fake.failNext('listConfigs', new ControlApiError(503, 'the store is busy compacting'))
    renderScreen(fake)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The sandbox answered 503')
    expect(alert.textContent).toContain('the store is busy compacting')
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await within(await screen.findByRole('navigation', { name: 'SCIM configs' })).findByRole('button', { name: /Okta/ })).toBeTruthy()
    expect(screen.queryByText('the store is busy compacting')).toBeNull()
  })
})

describe('Configs & tokens: connection card', () => {
  it('masks the token until Show, and copies the base URL, alias and token', async () => {
    renderScreen()
    await screen.findByRole('heading', { name: 'Okta' })
    const secret = screen.getByTestId('secret-value')
    expect(secret.textContent).not.toContain('tok-acme-okta-0000000')
    fireEvent.click(screen.getByRole('button', { name: 'Copy base URL' }))
    expect(writeText).toHaveBeenLastCalledWith('http://127.0.0.1:7643/scim/v2/acme-okta')
    fireEvent.click(screen.getByRole('button', { name: 'Copy alias URL' }))
    expect(writeText).toHaveBeenLastCalledWith('http://127.0.0.1:7643/api/identity/scim/v2/acme-okta')
    fireEvent.click(screen.getByRole('button', { name: 'Copy token' }))
    expect(writeText).toHaveBeenLastCalledWith('tok-acme-okta-0000000')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Copy token' }).textContent).toBe('Copied'))
    fireEvent.click(screen.getByRole('button', { name: 'Show token' }))
    expect(screen.getByTestId('secret-value').textContent).toBe('tok-acme-okta-0000000')
    fireEvent.click(screen.getByRole('button', { name: 'Hide token' }))
    expect(screen.getByTestId('secret-value').textContent).not.toContain('tok-acme-okta')
  })

  it('rotates the token only after a confirmation that warns about IdPs, then shows the new one', async () => {
    const { fake } = renderScreen()
    await screen.findByRole('heading', { name: 'Okta' })
    fireEvent.click(screen.getByRole('button', { name: 'Rotate token' }))
    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).toMatch(/old one stops working at once/)
    expect(dialog.textContent).toMatch(/must|until it is updated/)
    // Cancel does nothing.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(fake.calls.some((c) => c.method === 'rotateToken')).toBe(false)
    fireEvent.click(screen.getByRole('button', { name: 'Rotate token' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Rotate token' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(fake.calls.filter((c) => c.method === 'rotateToken').map((c) => c.args[0])).toEqual(['acme-okta'])
    const token = fake.configs[0].bearerToken
    expect(token).toMatch(/^rotated-token-/)
    expect(screen.getByTestId('secret-value').textContent).toBe(token)
    expect(screen.getByText(/The old one no longer works/)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Copy token' }))
    expect(writeText).toHaveBeenLastCalledWith(token)
  })

  it('shows a failed rotation as the server said it', async () => {
    const fake = new FakeControlClient()
    fake.failNext('rotateToken', new ControlApiError(404, 'no SCIM config "acme-okta"'))
    renderScreen(fake)
    await screen.findByRole('heading', { name: 'Okta' })
    fireEvent.click(screen.getByRole('button', { name: 'Rotate token' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Rotate token' }))
    expect((await screen.findByRole('alert')).textContent).toContain('no SCIM config "acme-okta"')
    expect(screen.getByTestId('secret-value').textContent).not.toContain('tok-acme')
  })

  it('deletes a config after a confirmation that says accounts and memberships stay', async () => {
    const { fake } = renderScreen()
    await screen.findByRole('heading', { name: 'Okta' })
    fireEvent.click(screen.getByRole('button', { name: 'Delete config' }))
    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).toMatch(/SCIM resources are removed/)
    expect(dialog.textContent).toMatch(/accounts and team memberships stay/)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete config' }))
    expect(await screen.findByText('No SCIM config yet')).toBeTruthy()
    expect(fake.configs).toEqual([])
  })
})

describe('Configs & tokens: IdP setup', () => {
  it('Okta and Entra cards carry the real base URL and token, with copy buttons', async () => {
    renderScreen()
    await screen.findByRole('heading', { name: 'Okta' })
    fireEvent.click(screen.getByRole('tab', { name: 'Okta setup' }))
    const okta = screen.getByRole('region', { name: 'Okta setup' })
    expect(okta.textContent).toContain('SCIM connector base URL')
    expect(within(okta).getByText('http://127.0.0.1:7643/api/identity/scim/v2/acme-okta')).toBeTruthy()
    expect(okta.textContent).toContain('Unique identifier field for users')
    expect(okta.textContent).toContain('HTTP Header')
    expect(okta.textContent).toContain('Push Groups')
    const auth = () => within(okta).getAllByTestId('secret-value')[0].textContent
    expect(auth()).toMatch(/^Bearer tok-•+$/)
    fireEvent.click(within(okta).getByRole('button', { name: 'Show Authorization value' }))
    expect(auth()).toBe('Bearer tok-acme-okta-0000000')
    fireEvent.click(within(okta).getByRole('button', { name: 'Hide Authorization value' }))
    expect(auth()).not.toContain('tok-acme')
    fireEvent.click(within(okta).getByRole('button', { name: 'Copy Okta Authorization value' }))
    expect(writeText).toHaveBeenLastCalledWith('Bearer tok-acme-okta-0000000')
    fireEvent.click(within(okta).getByRole('button', { name: 'Copy SCIM connector base URL' }))
    expect(writeText).toHaveBeenLastCalledWith('http://127.0.0.1:7643/api/identity/scim/v2/acme-okta')

    fireEvent.click(screen.getByRole('tab', { name: 'Entra ID setup' }))
    const entra = screen.getByRole('region', { name: 'Microsoft Entra ID setup' })
    expect(entra.textContent).toContain('Tenant URL')
    expect(entra.textContent).toContain('Secret Token')
    expect(entra.textContent).toContain('Test Connection')
    expect(entra.textContent).toContain('aadOptscim062020')
    fireEvent.click(within(entra).getByRole('button', { name: 'Copy Tenant URL' }))
    expect(writeText).toHaveBeenLastCalledWith('http://127.0.0.1:7643/api/identity/scim/v2/acme-okta')
    fireEvent.click(within(entra).getByRole('button', { name: 'Copy Secret Token' }))
    expect(writeText).toHaveBeenLastCalledWith('tok-acme-okta-0000000')
  })

  it('explains tunnels for cloud IdPs with the current port and public URL', async () => {
    const fake = new FakeControlClient()
    fake.settingsValue = { ...fake.settingsValue, port: 9123 }
    renderScreen(fake)
    await screen.findByRole('heading', { name: 'Okta' })
    fireEvent.click(screen.getByRole('tab', { name: 'From a cloud IdP' }))
    const card = screen.getByRole('region', { name: 'Reaching the sandbox from a cloud IdP' })
    expect(card.textContent).toContain('none — set with --public-url')
    expect(card.textContent).toMatch(/requires HTTPS/)
    expect(within(card).getByText('ngrok http 9123')).toBeTruthy()
    expect(within(card).getByText('cloudflared tunnel --url http://127.0.0.1:9123')).toBeTruthy()
    fireEvent.click(within(card).getByRole('button', { name: 'Copy restart command' }))
    expect(writeText).toHaveBeenLastCalledWith('npm run serve -- --port 9123 --data /tmp/ws.json --public-url https://<tunnel-host>')
  })
})

describe('Configs & tokens: live', () => {
  it('refetches the configs after changed events (debounced) and keeps unsaved edits across a workspace reload', async () => {
    const { fake } = renderScreen()
    await screen.findByRole('heading', { name: 'Okta' })
    const name = screen.getByLabelText('Name') as HTMLInputElement
    fireEvent.change(name, { target: { value: 'Okta (edited)' } })

    const before = fake.calls.filter((c) => c.method === 'listConfigs').length
    fake.configs[0].userCount = 7
    act(() => {
      fake.emitChanged([{ type: 'scim.user.created', message: 'created a@x', configId: 'acme-okta' }])
      fake.emitChanged([{ type: 'scim.user.created', message: 'created b@x', configId: 'acme-okta' }])
      fake.emitChanged([{ type: 'account.created', message: 'created account', configId: 'acme-okta' }])
    })
    await waitFor(() => expect(screen.getByTestId('counts-acme-okta').textContent).toContain('7 users'))
    // Three events in a burst, one refetch.
    expect(fake.calls.filter((c) => c.method === 'listConfigs').length).toBe(before + 1)

    fake.configs[0].userCount = 9
    act(() => fake.emitWorkspaceReplaced())
    await waitFor(() => expect(screen.getByTestId('counts-acme-okta').textContent).toContain('9 users'))
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Okta (edited)')
    expect(screen.getByText(/Unsaved changes: name/)).toBeTruthy()
  })

  it('a failing live refetch shows the error and keeps the list', async () => {
    const { fake } = renderScreen()
    await screen.findByRole('heading', { name: 'Okta' })
    fake.failNext('listConfigs', new ControlApiError(0, 'cannot reach the sandbox: connection refused'))
    act(() => fake.emitChanged([{ type: 'scim.user.created', message: 'x' }]))
    expect((await screen.findByRole('alert')).textContent).toContain('connection refused')
    expect(within(list()).getByRole('button', { name: /Okta/ })).toBeTruthy()
  })
})
