import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ControlApiError } from '../../src-renderer/src/api/client'
import { FakeControlClient } from '../../src-renderer/src/api/fake'
import { ClientProvider } from '../../src-renderer/src/app/client-context'
import { ConfigsScreen } from '../../src-renderer/src/features/configs/ConfigsScreen'

async function renderScreen(fake = new FakeControlClient()) {
  render(
    <ClientProvider client={fake}>
      <ConfigsScreen />
    </ClientProvider>,
  )
  await screen.findByRole('navigation', { name: 'SCIM configs' })
  return fake
}
const callsOf = (fake: FakeControlClient, method: string) => fake.calls.filter((c) => c.method === method).map((c) => c.args)
const input = (label: string | RegExp) => screen.getByLabelText(label) as HTMLInputElement
const type = (label: string | RegExp, value: string) => fireEvent.change(input(label), { target: { value } })

async function openNewForm() {
  fireEvent.click(screen.getByRole('button', { name: 'New SCIM config' }))
  return screen.findByRole('form', { name: 'New SCIM config' })
}

describe('New SCIM config form', () => {
  it('creates a Project SCIM config with the chosen teams and toggles, and selects it', async () => {
    const fake = await renderScreen()
    const form = await openNewForm()
    type('Name', 'Entra')
    type('Description', 'for the trainers')
    fireEvent.click(within(form).getByRole('checkbox', { name: /Operations/ }))
    fireEvent.click(within(form).getByRole('switch', { name: 'Push groups' }))
    fireEvent.click(within(form).getByRole('switch', { name: 'Auto deprovision users' }))
    fireEvent.click(within(form).getByRole('radio', { name: /Strict/ }))
    fireEvent.click(within(form).getByRole('button', { name: 'Create config' }))
    await screen.findByRole('heading', { name: 'Entra' })
    expect(callsOf(fake, 'createConfig')).toEqual([
      [
        {
          kind: 'project',
          projectId: 'acme',
          name: 'Entra',
          description: 'for the trainers',
          autoProvisionUsers: true,
          autoDeprovisionUsers: false,
          compatibility: 'strict',
          defaultTeams: ['ops'],
          enablePushGroups: true,
        },
      ],
    ])
    expect(within(screen.getByRole('navigation', { name: 'SCIM configs' })).getByRole('button', { name: /Entra/ }).getAttribute('aria-current')).toBe('true')
  })

  it('creates a Status Page SCIM config with an id and a token of its own', async () => {
    const fake = await renderScreen()
    const form = await openNewForm()
    fireEvent.click(within(form).getByRole('radio', { name: /Status Page SCIM/ }))
    expect((within(form).getByLabelText('Status page') as HTMLSelectElement).value).toBe('acme-status')
    // Status Page SCIM has no teams or groups.
    expect(within(form).queryByRole('switch', { name: 'Push groups' })).toBeNull()
    type('Name', 'Status Okta')
    type('Id (optional)', 'status-okta')
    type('Bearer token (optional)', 'a-long-enough-token-1234')
    fireEvent.click(within(form).getByRole('button', { name: 'Create config' }))
    await screen.findByRole('heading', { name: 'Status Okta' })
    expect(callsOf(fake, 'createConfig')[0][0]).toEqual({
      kind: 'statusPage',
      projectId: 'acme',
      statusPageId: 'acme-status',
      id: 'status-okta',
      bearerToken: 'a-long-enough-token-1234',
      name: 'Status Okta',
      description: '',
      autoProvisionUsers: true,
      autoDeprovisionUsers: true,
      compatibility: 'tolerant',
    })
    expect(screen.getByText('http://127.0.0.1:7643/status-page-scim/v2/status-okta')).toBeTruthy()
  })

  it('shows zod errors inline: an empty name on submit, a short token as it is typed, a bad id', async () => {
    const fake = await renderScreen()
    const form = await openNewForm()
    // Nothing shouts before the user did anything.
    expect(within(form).queryByRole('alert')).toBeNull()
    type('Bearer token (optional)', 'short')
    expect(within(form).getByText('a bearer token needs at least 16 characters')).toBeTruthy()
    expect(input('Bearer token (optional)').getAttribute('aria-invalid')).toBe('true')
    type('Id (optional)', 'has space')
    expect(within(form).getByText(/letters, digits and \. _ ~ - only/)).toBeTruthy()
    fireEvent.click(within(form).getByRole('button', { name: 'Create config' }))
    expect(within(form).getByText('a name is required')).toBeTruthy()
    // The error sits beside its field (the Field's describedby).
    expect(document.getElementById(input('Name').getAttribute('aria-describedby')!)!.textContent).toBe('a name is required')
    expect(callsOf(fake, 'createConfig')).toEqual([])
    type('Name', 'ok')
    type('Bearer token (optional)', 'now-this-one-is-long-enough')
    type('Id (optional)', '')
    expect(within(form).queryByRole('alert')).toBeNull()
  })

  it('shows the server 400 issues beside their fields, and other errors in a banner', async () => {
    const fake = await renderScreen()
    const form = await openNewForm()
    type('Name', 'Okta')
    type('Id (optional)', 'acme-okta')
    fake.failNext('createConfig', new ControlApiError(400, 'id: taken', [{ path: ['id'], message: 'a SCIM config "acme-okta" exists already' }]))
    fireEvent.click(within(form).getByRole('button', { name: 'Create config' }))
    await within(form).findByText('a SCIM config "acme-okta" exists already')
    expect(document.getElementById(input('Id (optional)').getAttribute('aria-describedby')!)!.textContent).toContain('exists already')
    fake.failNext('createConfig', new ControlApiError(500, 'the journal is full'))
    type('Id (optional)', 'acme-okta-2')
    fireEvent.click(within(form).getByRole('button', { name: 'Create config' }))
    expect((await within(form).findByText('the journal is full')).closest('[role="alert"]')).toBeTruthy()
  })
})

describe('Config settings form', () => {
  it('saves a toggled Auto provision as a one-field patch, with Save and Revert following the dirty state', async () => {
    const fake = await renderScreen()
    const form = await screen.findByRole('form', { name: 'Config settings' })
    const save = within(form).getByRole('button', { name: 'Save' }) as HTMLButtonElement
    expect(save.disabled).toBe(true)
    fireEvent.click(within(form).getByRole('switch', { name: 'Auto provision users' }))
    expect(save.disabled).toBe(false)
    expect(within(form).getByText(/Unsaved changes: auto provision/)).toBeTruthy()
    fireEvent.click(save)
    await within(form).findByText('Saved.')
    expect(callsOf(fake, 'updateConfig')).toEqual([['acme-okta', { autoProvisionUsers: false }]])
    expect(fake.configs[0].autoProvisionUsers).toBe(false)
    expect((within(form).getByRole('switch', { name: 'Auto provision users' }) as HTMLInputElement).checked).toBe(false)
    expect(within(screen.getByRole('navigation', { name: 'SCIM configs' })).getByText('provision off')).toBeTruthy()

    fireEvent.click(within(form).getByRole('switch', { name: 'Auto deprovision users' }))
    fireEvent.click(within(form).getByRole('button', { name: 'Revert' }))
    expect((within(form).getByRole('switch', { name: 'Auto deprovision users' }) as HTMLInputElement).checked).toBe(true)
    expect(save.disabled).toBe(true)
  })

  it('sends the default team ids picked, including a team created inline', async () => {
    const fake = await renderScreen()
    const form = await screen.findByRole('form', { name: 'Config settings' })
    expect((within(form).getByRole('checkbox', { name: /Engineering/ }) as HTMLInputElement).checked).toBe(true)
    fireEvent.click(within(form).getByRole('checkbox', { name: /Operations/ }))
    fireEvent.click(within(form).getByRole('button', { name: /Create team/ }))
    fireEvent.change(within(form).getByLabelText('New team name'), { target: { value: 'Platform' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Add team' }))
    await waitFor(() => expect((within(form).getByRole('checkbox', { name: /Platform/ }) as HTMLInputElement).checked).toBe(true))
    expect(callsOf(fake, 'createTeam')).toEqual([['acme', { name: 'Platform' }]])
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    await within(form).findByText('Saved.')
    expect(callsOf(fake, 'updateConfig')).toEqual([['acme-okta', { defaultTeams: ['eng', 'ops', 'platform'] }]])
  })

  it('validates the name with the server schema on change and shows server 400 issues inline', async () => {
    const fake = await renderScreen()
    const form = await screen.findByRole('form', { name: 'Config settings' })
    type('Name', '   ')
    expect(within(form).getByText('a name is required')).toBeTruthy()
    expect((within(form).getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true)
    type('Name', 'Okta prod')
    fake.failNext('updateConfig', new ControlApiError(400, 'defaultTeams.0: no team "gone" in project acme', [{ path: ['defaultTeams', 0], message: 'no team "gone" in project acme' }]))
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    expect(await within(form).findByText('no team "gone" in project acme')).toBeTruthy()
    // The edit is still there to fix.
    expect(input('Name').value).toBe('Okta prod')
  })

  it('shows a non-400 save failure in a banner with the server message', async () => {
    const fake = await renderScreen()
    const form = await screen.findByRole('form', { name: 'Config settings' })
    fireEvent.click(within(form).getByRole('radio', { name: /Strict/ }))
    fake.failNext('updateConfig', new ControlApiError(409, 'the config changed meanwhile'))
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    const alert = await within(form).findByRole('alert')
    expect(alert.textContent).toContain('The sandbox answered 409')
    expect(alert.textContent).toContain('the config changed meanwhile')
  })
})

describe('Projects, teams & status pages', () => {
  it('adds a project, renames one inline, adds a team and a status page', async () => {
    const fake = await renderScreen()
    fireEvent.click(screen.getByRole('button', { name: 'Projects, teams & status pages' }))
    const newProject = screen.getByRole('form', { name: 'New project' })
    fireEvent.click(within(newProject).getByRole('button', { name: 'Add project' }))
    expect(within(newProject).getByText('a name is required')).toBeTruthy()
    fireEvent.change(within(newProject).getByLabelText('Name'), { target: { value: 'Globex' } })
    fireEvent.click(within(newProject).getByRole('button', { name: 'Add project' }))
    await screen.findByRole('region', { name: 'Project Globex' })
    expect(callsOf(fake, 'createProject')).toEqual([[{ name: 'Globex' }]])

    fireEvent.click(screen.getByRole('button', { name: 'Rename project Acme' }))
    fireEvent.change(screen.getByLabelText('New name for project Acme'), { target: { value: 'Acme Corp' } })
    fireEvent.keyDown(screen.getByLabelText('New name for project Acme'), { key: 'Enter' })
    await screen.findByRole('region', { name: 'Project Acme Corp' })
    expect(callsOf(fake, 'updateProject')).toEqual([['acme', { name: 'Acme Corp' }]])

    const globex = screen.getByRole('region', { name: 'Project Globex' })
    fireEvent.change(within(globex).getByLabelText('New team name'), { target: { value: 'Sales' } })
    fireEvent.click(within(globex).getByRole('button', { name: 'Add team' }))
    await within(globex).findByText('Sales')
    fireEvent.change(within(globex).getByLabelText('New status page name'), { target: { value: 'Globex Status' } })
    fireEvent.click(within(globex).getByRole('button', { name: 'Add status page' }))
    await within(globex).findByText('Globex Status')
    expect(callsOf(fake, 'createTeam')).toEqual([['globex', { name: 'Sales' }]])
    expect(callsOf(fake, 'createStatusPage')).toEqual([['globex', { name: 'Globex Status' }]])
  })

  it('deletes a project only after a confirmation that says everything in it goes', async () => {
    const fake = await renderScreen()
    fireEvent.click(screen.getByRole('button', { name: 'Projects, teams & status pages' }))
    fireEvent.click(screen.getByRole('button', { name: 'Delete project Acme' }))
    const dialog = screen.getByRole('dialog')
    expect(dialog.textContent).toMatch(/removes everything in it/)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete project' }))
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Project Acme' })).toBeNull())
    expect(callsOf(fake, 'deleteProject')).toEqual([['acme']])
    expect(within(screen.getByRole('navigation', { name: 'SCIM configs' })).queryByRole('button', { name: /Okta/ })).toBeNull()
  })

  it('deletes a team after a confirmation, and shows a refused delete as the server said it', async () => {
    const fake = await renderScreen()
    fireEvent.click(screen.getByRole('button', { name: 'Projects, teams & status pages' }))
    fake.failNext('deleteTeam', new ControlApiError(409, 'team "eng" is a default team of acme-okta'))
    fireEvent.click(screen.getByRole('button', { name: 'Delete team Engineering' }))
    expect(screen.getByRole('dialog').textContent).toMatch(/the accounts stay/)
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete team' }))
    expect((await screen.findByRole('alert')).textContent).toContain('team "eng" is a default team of acme-okta')
    fireEvent.click(screen.getByRole('button', { name: 'Delete team Operations' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete team' }))
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Delete team Operations' })).toBeNull())
    expect(fake.teams.map((t) => t.id)).toEqual(['eng'])
  })
})
