import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { ControlApiError } from '../../src-renderer/src/api/client'
import { FakeControlClient } from '../../src-renderer/src/api/fake'
import { ClientProvider } from '../../src-renderer/src/app/client-context'
import { ScenariosScreen } from '../../src-renderer/src/features/scenarios/ScenariosScreen'

vi.mock('../../src-renderer/src/api/connection', () => ({ saveTextFile: vi.fn() }))

function renderScreen(fake = new FakeControlClient()) {
  render(
    <ClientProvider client={fake}>
      <ScenariosScreen />
    </ClientProvider>,
  )
  return fake
}
const setup = () => screen.getByRole('complementary', { name: 'Run setup' })

function importFile(name: string, content: string) {
  const input = within(setup()).getByLabelText('Scenario file') as HTMLInputElement
  fireEvent.change(input, { target: { files: [new File([content], name, { type: 'application/json' })] } })
}

const VALID = {
  format: 'scim-sandbox-scenario',
  version: 1,
  name: 'my-joiner',
  title: 'My joiner',
  description: 'Provision one user, then deactivate.',
  profile: 'entra-flag',
  users: { bob: { userName: 'bob@example.test' } },
  steps: [
    { action: 'provisionUser', user: 'bob', title: 'Provision bob' },
    { action: 'deactivate', user: 'bob', expect: { status: 200 } },
  ],
}

describe('Scenarios: import, save, delete', () => {
  it('lists every problem of an invalid scenario file, path by path, and sends nothing', async () => {
    const fake = renderScreen()
    await screen.findByLabelText('Scenario preview')
    importFile('broken.json', JSON.stringify({ format: 'scim-sandbox-scenario', version: 2, name: 'Bad Name', profile: 'okta', steps: [{ action: 'provisionUser' }, { action: 'fly' }], extra: 1 }))
    const box = await within(setup()).findByRole('alert', { name: 'Scenario file errors' })
    const items = within(box).getAllByRole('listitem').map((li) => li.textContent)
    expect(box.textContent).toContain(`broken.json is not a valid scenario (${items.length} problems)`)
    const paths = items.map((t) => t!.split(':')[0])
    expect(paths).toEqual(expect.arrayContaining(['version', 'name', 'title', 'profile', 'steps.0.user', 'steps.1.action', 'extra']))
    expect(items).toContain('extra: unknown field "extra"')
    expect(items.find((t) => t!.startsWith('name'))).toContain('lowercase letters, digits and -')
    expect(fake.calls.some((c) => c.method === 'saveScenario' || c.method === 'startRun')).toBe(false)

    importFile('not.json', '{ nope')
    await waitFor(() => expect(within(setup()).getByRole('alert', { name: 'Scenario file errors' }).textContent).toMatch(/\(file\): not JSON/))
    fireEvent.click(within(setup()).getByRole('button', { name: 'Dismiss file errors' }))
    expect(within(setup()).queryByRole('alert', { name: 'Scenario file errors' })).toBeNull()
  })

  it('imports a valid file, runs it as a document, saves it to the sandbox and deletes it again', async () => {
    const fake = renderScreen()
    await screen.findByLabelText('Scenario preview')
    importFile('my-joiner.json', JSON.stringify(VALID))
    await waitFor(() => expect(within(setup()).getByLabelText('Scenario preview').textContent).toContain('My joiner'))
    expect(within(setup()).getByText('not saved')).toBeTruthy()
    expect((within(setup()).getByLabelText('IdP profile') as HTMLSelectElement).value).toBe('entra-flag')
    expect(within(setup()).getByLabelText('Scenario preview').textContent).toContain('Provision bob')

    fireEvent.click(within(setup()).getByRole('button', { name: 'Run' }))
    await screen.findByRole('heading', { name: 'My joiner' })
    expect(fake.calls.find((c) => c.method === 'startRun')!.args[0]).toMatchObject({ scenario: { name: 'my-joiner', steps: [{ action: 'provisionUser' }, { action: 'deactivate' }] }, profile: 'entra-flag' })

    fireEvent.click(within(setup()).getByRole('button', { name: 'Save to sandbox' }))
    await waitFor(() => expect((within(setup()).getByLabelText('Scenario') as HTMLSelectElement).value).toBe('my-joiner'))
    expect(fake.savedScenarios.map((s) => s.name)).toEqual(['my-joiner'])
    expect(await screen.findByText('Saved "My joiner" to the sandbox as my-joiner')).toBeTruthy()
    expect(within(setup()).queryByText('not saved')).toBeNull()

    fireEvent.click(within(setup()).getByRole('button', { name: 'Delete' }))
    const dialog = screen.getByRole('dialog', { name: 'Delete the saved scenario my-joiner?' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(fake.savedScenarios).toEqual([]))
    await waitFor(() => expect((within(setup()).getByLabelText('Scenario') as HTMLSelectElement).value).toBe('entra-flag-lifecycle'))
    // Built-ins have no Delete.
    expect(within(setup()).queryByRole('button', { name: 'Delete' })).toBeNull()
  })

  it("shows the sandbox's refusal to save under a built-in name", async () => {
    const fake = renderScreen()
    await screen.findByLabelText('Scenario preview')
    importFile('clash.json', JSON.stringify({ ...VALID, name: 'okta-oin-lifecycle' }))
    fireEvent.click(await within(setup()).findByRole('button', { name: 'Save to sandbox' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The sandbox answered 409')
    expect(alert.textContent).toContain('"okta-oin-lifecycle" is a built-in scenario')
    expect(within(setup()).getByText('not saved')).toBeTruthy()

    fake.failNext('saveScenario', new ControlApiError(400, 'the scenario is invalid: steps.0.user: unknown user', [{ path: ['steps', 0, 'user'], message: 'unknown user' }]))
    fireEvent.click(within(setup()).getByRole('button', { name: 'Save to sandbox' }))
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('steps.0.user: unknown user'))
  })
})
