import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ControlApiError } from '../../src-renderer/src/api/client'
import { FakeControlClient } from '../../src-renderer/src/api/fake'
import { ClientProvider } from '../../src-renderer/src/app/client-context'
import { SettingsScreen } from '../../src-renderer/src/features/settings/SettingsScreen'

const saveTextFile = vi.hoisted(() => vi.fn(async (name: string, _content: string) => name as string | null))
vi.mock('../../src-renderer/src/api/connection', () => ({ saveTextFile }))

let writeText: ReturnType<typeof vi.fn>
beforeEach(() => {
  saveTextFile.mockClear()
  writeText = vi.fn(() => Promise.resolve())
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
})

function withFigures() {
  const fake = new FakeControlClient()
  fake.infoValue = {
    version: '0.3.1',
    storage: { flushes: 4210, records: 12345, maxRecordsPerFlush: 37, compactions: 6, journalBytes: 2_621_440 },
    counts: { projects: 2, scimConfigs: 3, accounts: 10_000 },
  }
  return fake
}

async function renderScreen(fake = new FakeControlClient()) {
  render(
    <ClientProvider client={fake}>
      <SettingsScreen />
    </ClientProvider>,
  )
  await screen.findByRole('region', { name: 'Server' })
  return fake
}
const calls = (fake: FakeControlClient, m: string) => fake.calls.filter((c) => c.method === m).map((c) => c.args)
const rowOf = (region: HTMLElement, label: string) => within(region).getByText(label).closest('tr') as HTMLTableRowElement

function pickFile(content: string, name = 'seed.json') {
  const file = new File([content], name, { type: 'application/json' })
  fireEvent.change(screen.getByLabelText('Import seed file'), { target: { files: [file] } })
}

describe('Settings', () => {
  it('shows Loading, then how the server runs, what needs a restart with which flag, and the storage figures', async () => {
    const fake = withFigures()
    render(
      <ClientProvider client={fake}>
        <SettingsScreen />
      </ClientProvider>,
    )
    expect(screen.getByRole('status').textContent).toMatch(/Loading settings/)
    const server = await screen.findByRole('region', { name: 'Server' })
    expect(rowOf(server, 'Version').textContent).toContain('0.3.1')
    expect(rowOf(server, 'Port').textContent).toContain('7643')
    expect(rowOf(server, 'Port').textContent).toContain('restart with --port')
    expect(rowOf(server, 'Host').textContent).toContain('127.0.0.1')
    expect(rowOf(server, 'Host').textContent).toContain('--host')
    expect(rowOf(server, 'Public URL').textContent).toContain('none — set with --public-url')
    expect(rowOf(server, 'Data file').textContent).toContain('/tmp/ws.json')
    expect(rowOf(server, 'Data file').textContent).toContain('--data')
    expect(rowOf(server, 'Log file').textContent).toContain('/tmp/ws.json.log.ndjson')
    expect(rowOf(server, 'Body limit').textContent).toContain('1.0 MB')
    expect(rowOf(server, 'Started at').textContent).toMatch(/2026-12-0\d \d\d:\d\d:\d\d/)
    const storage = screen.getByRole('region', { name: 'Storage' })
    const figure = (label: string) => within(storage).getByText(label).nextElementSibling?.textContent
    expect(figure('Flushes')).toBe('4,210')
    expect(figure('Journal records')).toBe('12,345')
    expect(figure('Compactions')).toBe('6')
    expect(figure('Journal size')).toBe('2.5 MB')
    expect(figure('Accounts')).toBe('10,000')
    expect(figure('SCIM configs')).toBe('3')
    expect(screen.getByRole('region', { name: 'Appearance' }).textContent).toMatch(/follows the operating system/)
  })

  it('shows a public URL when one is set', async () => {
    const fake = new FakeControlClient()
    fake.settingsValue = { ...fake.settingsValue, publicUrl: 'https://abc.trycloudflare.com' }
    await renderScreen(fake)
    expect(rowOf(screen.getByRole('region', { name: 'Server' }), 'Public URL').textContent).toContain('https://abc.trycloudflare.com')
  })

  it('shows the server message when loading fails, and Retry loads', async () => {
    const fake = new FakeControlClient()
    fake.failNext('settings', new ControlApiError(401, 'the admin secret is missing or wrong'))
    render(
      <ClientProvider client={fake}>
        <SettingsScreen />
      </ClientProvider>,
    )
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The sandbox answered 401')
    expect(alert.textContent).toContain('the admin secret is missing or wrong')
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByRole('region', { name: 'Server' })).toBeTruthy()
  })

  it('validates the log capacity with the server schema inline, then saves it', async () => {
    const fake = await renderScreen()
    const card = screen.getByRole('region', { name: 'Request log' })
    const field = within(card).getByLabelText('Entries kept in memory') as HTMLInputElement
    const save = within(card).getByRole('button', { name: 'Save' }) as HTMLButtonElement
    expect(field.value).toBe('20000')
    expect(save.disabled).toBe(true)
    fireEvent.change(field, { target: { value: '50' } })
    expect(within(card).getByText('keep at least 100 entries')).toBeTruthy()
    expect(save.disabled).toBe(true)
    fireEvent.change(field, { target: { value: '300000' } })
    expect(within(card).getByText('at most 200,000 entries')).toBeTruthy()
    fireEvent.change(field, { target: { value: '' } })
    expect(within(card).getByText('enter a number of entries')).toBeTruthy()
    fireEvent.change(field, { target: { value: '50000' } })
    expect(within(card).queryByRole('alert')).toBeNull()
    fireEvent.click(save)
    await within(card).findByText('Saved: the log keeps 50,000 entries.')
    expect(calls(fake, 'updateSettings')).toEqual([[{ logCapacity: 50000 }]])
    expect(fake.settingsValue.logCapacity).toBe(50000)
  })

  it('shows a server 400 on the capacity beside the field', async () => {
    const fake = await renderScreen()
    const card = screen.getByRole('region', { name: 'Request log' })
    fake.failNext('updateSettings', new ControlApiError(400, 'logCapacity: too big for this machine', [{ path: ['logCapacity'], message: 'too big for this machine' }]))
    fireEvent.change(within(card).getByLabelText('Entries kept in memory'), { target: { value: '150000' } })
    fireEvent.click(within(card).getByRole('button', { name: 'Save' }))
    expect(await within(card).findByText('too big for this machine')).toBeTruthy()
  })

  it('exports the workspace as pretty JSON through saveTextFile', async () => {
    const fake = await renderScreen()
    fireEvent.click(screen.getByRole('button', { name: 'Export seed' }))
    await screen.findByText('Exported the workspace to scim-sandbox-workspace.json.')
    expect(calls(fake, 'exportSeed')).toEqual([[]])
    expect(saveTextFile).toHaveBeenCalledTimes(1)
    const [name, content] = saveTextFile.mock.calls[0]
    expect(name).toBe('scim-sandbox-workspace.json')
    expect(JSON.parse(content)).toEqual({ projects: [{ id: 'acme', name: 'Acme' }] })
    expect(content).toContain('\n  "projects": [')
  })

  it('shows a failed export as the server said it', async () => {
    const fake = await renderScreen()
    fake.failNext('exportSeed', new ControlApiError(500, 'cannot serialise the workspace'))
    fireEvent.click(screen.getByRole('button', { name: 'Export seed' }))
    expect((await screen.findByRole('alert')).textContent).toContain('cannot serialise the workspace')
    expect(saveTextFile).not.toHaveBeenCalled()
  })

  it('refuses a file that is not JSON, inline, without asking the server', async () => {
    const fake = await renderScreen()
    pickFile('{"projects": [', 'broken.json')
    expect((await screen.findByRole('alert')).textContent).toMatch(/^broken\.json is not valid JSON: /)
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(calls(fake, 'importSeed')).toEqual([])
  })

  it('imports a seed after a confirmation that it replaces the whole workspace', async () => {
    const fake = await renderScreen()
    pickFile('{"projects":[{"id":"globex","name":"Globex"}]}', 'globex.json')
    const dialog = await screen.findByRole('dialog')
    expect(dialog.textContent).toContain('Import globex.json?')
    expect(dialog.textContent).toMatch(/replaces the whole workspace/)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(calls(fake, 'importSeed')).toEqual([])
    pickFile('{"projects":[{"id":"globex","name":"Globex"}]}', 'globex.json')
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Replace workspace' }))
    await screen.findByText('Imported globex.json: the workspace was replaced.')
    expect(calls(fake, 'importSeed')).toEqual([[{ projects: [{ id: 'globex', name: 'Globex' }] }]])
  })

  it('lists the issues of a refused seed as path: message', async () => {
    const fake = await renderScreen()
    fake.failNext(
      'importSeed',
      new ControlApiError(400, 'the seed is invalid', [
        { path: ['projects', 0, 'scim', 0, 'bearerTokn'], message: 'unknown field "bearerTokn"' },
        { path: ['projects', 0, 'name'], message: 'a name is required' },
      ]),
    )
    pickFile('{"projects":[{"id":"x"}]}')
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Replace workspace' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The seed was refused')
    const items = within(alert).getAllByRole('listitem').map((li) => li.textContent)
    expect(items).toEqual(['projects.0.scim.0.bearerTokn: unknown field "bearerTokn"', 'projects.0.name: a name is required'])
  })

  it('resets to demo after a confirmation and shows the one-time secrets with copy buttons, once', async () => {
    const fake = await renderScreen()
    fireEvent.click(screen.getByRole('button', { name: 'Reset to demo…' }))
    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).toMatch(/replaces the whole workspace/)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reset to demo' }))
    const panel = await screen.findByRole('region', { name: 'New secrets' })
    expect(calls(fake, 'reset')).toEqual([[{ to: 'demo' }]])
    expect(panel.textContent).toMatch(/not shown again/)
    expect(within(panel).getByText('api-key-demo-1234567890')).toBeTruthy()
    expect(within(panel).getByText('iam-token-demo-1234567890')).toBeTruthy()
    expect(within(panel).getByText('oauth-secret-demo-1234567890')).toBeTruthy()
    fireEvent.click(within(panel).getByRole('button', { name: 'Copy API key owner' }))
    expect(writeText).toHaveBeenLastCalledWith('api-key-demo-1234567890')
    fireEvent.click(within(panel).getByRole('button', { name: 'Copy IAM token idp' }))
    expect(writeText).toHaveBeenLastCalledWith('iam-token-demo-1234567890')
    fireEvent.click(within(panel).getByRole('button', { name: 'Copy client secret admin-cli' }))
    expect(writeText).toHaveBeenLastCalledWith('oauth-secret-demo-1234567890')
    // The stream's workspace-replaced reloads the figures and keeps the secrets on screen.
    await waitFor(() => expect(calls(fake, 'info').length).toBeGreaterThanOrEqual(2))
    expect(screen.getByRole('region', { name: 'New secrets' })).toBeTruthy()
    fireEvent.click(within(panel).getByRole('button', { name: 'I have copied them' }))
    expect(screen.queryByRole('region', { name: 'New secrets' })).toBeNull()
    expect(screen.queryByText('api-key-demo-1234567890')).toBeNull()
  })

  it('resets to empty with no secrets to show; a failed reset shows the server message', async () => {
    const fake = await renderScreen()
    fake.failNext('reset', new ControlApiError(500, 'the workspace file is read-only'))
    fireEvent.click(screen.getByRole('button', { name: 'Reset to empty…' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Reset to empty' }))
    expect((await screen.findByRole('alert')).textContent).toContain('the workspace file is read-only')
    fireEvent.click(screen.getByRole('button', { name: 'Reset to empty…' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Reset to empty' }))
    await screen.findByText('The workspace is empty.')
    expect(calls(fake, 'reset')).toEqual([[{ to: 'empty' }], [{ to: 'empty' }]])
    expect(screen.queryByRole('region', { name: 'New secrets' })).toBeNull()
    expect(fake.projects).toEqual([])
  })
})

describe('settings: the API description', () => {
  it('links the OpenAPI document of every surface at the sandbox origin', async () => {
    const fake = new FakeControlClient()
    render(
      <ClientProvider client={fake}>
        <SettingsScreen />
      </ClientProvider>,
    )
    const link = await screen.findByRole('link', { name: /openapi\.json/ })
    expect(link.getAttribute('href')).toBe('http://127.0.0.1:7643/openapi.json')
    expect(link.getAttribute('target')).toBe('_blank')
  })
})
