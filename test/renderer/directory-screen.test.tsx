import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Directory } from '@shared/control'
import { ControlApiError } from '../../src-renderer/src/api/client'
import { FakeControlClient } from '../../src-renderer/src/api/fake'
import { ClientProvider } from '../../src-renderer/src/app/client-context'
import { DirectoryScreen } from '../../src-renderer/src/features/directory/DirectoryScreen'

/** Acme after an IdP provisioned two people and pushed a group; a status page with an active and a revoked user. */
function provisioned(): Directory {
  return {
    projects: [
      {
        id: 'acme',
        name: 'Acme',
        teams: [
          { id: 'eng', name: 'Engineering', scimConfigId: null, members: ['acc-1', 'acc-2'] },
          { id: 'ops', name: 'Operations', scimConfigId: null, members: ['acc-1'] },
          { id: 'team-platform', name: 'Platform', scimConfigId: 'acme-okta', members: ['acc-2'] },
        ],
        accounts: [
          { id: 'acc-1', email: 'existing@acme.test', name: 'Existing User' },
          { id: 'acc-2', email: 'alice@acme.test', name: 'Alice Liddell' },
          { id: 'acc-3', email: 'bob@acme.test', name: 'Bob Builder' },
        ],
        statusPages: [
          {
            id: 'acme-status',
            name: 'Acme Status',
            privateUsers: [
              { id: 'pu-1', email: 'carol@acme.test', active: true },
              { id: 'pu-2', email: 'dave@acme.test', active: false },
            ],
          },
        ],
        scimConfigs: [
          {
            id: 'acme-okta',
            kind: 'project',
            name: 'Okta',
            users: 2,
            groups: 1,
            scimUsers: [
              { id: 'su-1', userName: 'existing@acme.test', externalId: '00u1', active: true, accountId: 'acc-1' },
              { id: 'su-2', userName: 'alice@acme.test', externalId: null, active: false, accountId: 'acc-2' },
            ],
            scimGroups: [{ id: 'sg-1', displayName: 'Platform', externalId: '00g1', teamId: 'team-platform' }],
          },
          {
            id: 'acme-status-entra',
            kind: 'statusPage',
            name: 'Entra',
            users: 2,
            groups: 0,
            scimUsers: [
              { id: 'su-3', userName: 'carol@acme.test', externalId: 'e-3', active: true, accountId: 'pu-1' },
              { id: 'su-4', userName: 'dave@acme.test', externalId: 'e-4', active: false, accountId: 'pu-2' },
            ],
            scimGroups: [],
          },
        ],
      },
    ],
  }
}

function renderScreen(fake = new FakeControlClient()) {
  render(
    <ClientProvider client={fake}>
      <DirectoryScreen />
    </ClientProvider>,
  )
  return fake
}
const row = (table: HTMLElement, text: string) => within(table).getByText(text).closest('tr') as HTMLTableRowElement
const tab = (name: RegExp) => fireEvent.click(screen.getByRole('tab', { name }))

afterEach(() => vi.useRealTimers())

describe('Directory', () => {
  it('shows Loading, then accounts with their teams and SCIM links', async () => {
    const fake = new FakeControlClient()
    fake.directoryValue = provisioned()
    renderScreen(fake)
    expect(screen.getByRole('status').textContent).toMatch(/Loading the directory/)
    const users = await screen.findByRole('table', { name: 'Users' })
    expect(screen.getByRole('tab', { name: /Users 3/ })).toBeTruthy()
    const alice = row(users, 'alice@acme.test')
    expect(alice.textContent).toContain('Alice Liddell')
    expect(alice.textContent).toContain('Engineering')
    expect(alice.textContent).toContain('Platform')
    expect(alice.textContent).toContain('Okta · inactive')
    expect(row(users, 'existing@acme.test').textContent).toContain('Okta · active')
    const bob = row(users, 'bob@acme.test')
    expect(bob.textContent).toContain('no team')
    expect(bob.textContent).toContain('not provisioned')
    expect(screen.getByText(/^updated \d\d:\d\d:\d\d$/)).toBeTruthy()
  })

  it('shows teams with their members (memberships from the other side) and who pushed them', async () => {
    const fake = new FakeControlClient()
    fake.directoryValue = provisioned()
    renderScreen(fake)
    await screen.findByRole('table', { name: 'Users' })
    tab(/Teams 3/)
    const teams = screen.getByRole('table', { name: 'Teams' })
    const eng = row(teams, 'Engineering')
    expect(eng.textContent).toContain('local')
    expect(within(eng).getByText('existing@acme.test')).toBeTruthy()
    expect(within(eng).getByText('alice@acme.test')).toBeTruthy()
    expect(within(eng).getAllByText('2').length).toBeGreaterThan(0)
    expect(row(teams, 'Platform').textContent).toContain('pushed by Okta')
  })

  it('shows status pages with private users and their access, and SCIM resources per config', async () => {
    const fake = new FakeControlClient()
    fake.directoryValue = provisioned()
    renderScreen(fake)
    await screen.findByRole('table', { name: 'Users' })
    tab(/Status pages 2/)
    const page = screen.getByRole('region', { name: 'Status page Acme Status' })
    expect(row(page, 'carol@acme.test').textContent).toContain('active')
    expect(row(page, 'carol@acme.test').textContent).toContain('Entra')
    expect(row(page, 'dave@acme.test').textContent).toContain('revoked')

    tab(/SCIM resources 5/)
    const okta = screen.getByRole('table', { name: 'SCIM users of Okta' })
    expect(row(okta, '00u1').textContent).toContain('existing@acme.test')
    expect(row(okta, '00u1').textContent).toContain('true')
    const alice = within(okta).getAllByText('alice@acme.test')[0].closest('tr')!
    expect(alice.textContent).toContain('false')
    const group = row(screen.getByRole('table', { name: 'SCIM groups of Okta' }), '00g1')
    expect(group.cells[0].textContent).toBe('Platform')
    expect(group.cells[2].textContent).toBe('Platform')
    // A Status Page SCIM user links to its private user.
    expect(row(screen.getByRole('table', { name: 'SCIM users of Entra' }), 'e-4').textContent).toContain('dave@acme.test')
  })

  it('says so when there is nothing, per section too', async () => {
    const fake = new FakeControlClient()
    fake.directoryValue = { projects: [] }
    renderScreen(fake)
    expect(await screen.findByText('The directory is empty')).toBeTruthy()

    const fake2 = new FakeControlClient()
    fake2.directoryValue = { projects: [{ id: 'p', name: 'P', teams: [], accounts: [], statusPages: [], scimConfigs: [] }] }
    document.body.innerHTML = ''
    renderScreen(fake2)
    expect(await screen.findByText('No user accounts')).toBeTruthy()
    tab(/Teams 0/)
    expect(screen.getByText('No teams')).toBeTruthy()
  })

  it('shows the server message when loading fails, and Retry loads', async () => {
    const fake = new FakeControlClient()
    fake.failNext('directory', new ControlApiError(500, 'directory: store not ready'))
    renderScreen(fake)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('directory: store not ready')
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByRole('table', { name: 'Users' })).toBeTruthy()
  })

  it('refetches on a changed event and the new user appears, highlighted for a moment', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const fake = new FakeControlClient()
    fake.directoryValue = provisioned()
    renderScreen(fake)
    await screen.findByRole('table', { name: 'Users' })
    const before = fake.calls.filter((c) => c.method === 'directory').length

    const next = provisioned()
    next.projects[0].accounts.push({ id: 'acc-9', email: 'new.hire@acme.test', name: 'New Hire' })
    next.projects[0].teams[0].members.push('acc-9')
    fake.directoryValue = next
    act(() => {
      fake.emitChanged([{ type: 'account.created', message: 'created new.hire@acme.test' }])
      fake.emitChanged([{ type: 'team.member.added', message: 'added new.hire@acme.test to team Engineering' }])
    })
    // Debounced: nothing yet.
    expect(fake.calls.filter((c) => c.method === 'directory').length).toBe(before)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(300)
    })
    const users = screen.getByRole('table', { name: 'Users' })
    const added = row(users, 'new.hire@acme.test')
    expect(added.textContent).toContain('Engineering')
    expect(fake.calls.filter((c) => c.method === 'directory').length).toBe(before + 1)
    expect(added.className).toContain('row-flash')
    // Unchanged rows do not flash; the highlight goes after about two seconds.
    expect(row(users, 'bob@acme.test').className).not.toContain('row-flash')
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2100)
    })
    expect(row(screen.getByRole('table', { name: 'Users' }), 'new.hire@acme.test').className).not.toContain('row-flash')
  })

  it('reloads on workspace-replaced', async () => {
    const fake = new FakeControlClient()
    fake.directoryValue = provisioned()
    renderScreen(fake)
    await screen.findByRole('table', { name: 'Users' })
    fake.directoryValue = { projects: [{ id: 'globex', name: 'Globex', teams: [], accounts: [{ id: 'g1', email: 'hank@globex.test', name: 'Hank' }], statusPages: [], scimConfigs: [] }] }
    act(() => fake.emitWorkspaceReplaced())
    expect(await screen.findByText('hank@globex.test')).toBeTruthy()
    expect(screen.queryByText('alice@acme.test')).toBeNull()
  })

  it('filters users and teams by text', async () => {
    const fake = new FakeControlClient()
    fake.directoryValue = provisioned()
    renderScreen(fake)
    await screen.findByRole('table', { name: 'Users' })
    fireEvent.change(screen.getByLabelText('Search the directory'), { target: { value: 'ALICE' } })
    await waitFor(() => expect(screen.queryByText('bob@acme.test')).toBeNull())
    expect(within(screen.getByRole('table', { name: 'Users' })).getByText('alice@acme.test')).toBeTruthy()
    expect(screen.getByRole('tab', { name: /Users 1/ })).toBeTruthy()
    // Teams match by their name or a member's email.
    expect(screen.getByRole('tab', { name: /Teams 2/ })).toBeTruthy()
    tab(/Teams 2/)
    const teams = screen.getByRole('table', { name: 'Teams' })
    expect(within(teams).queryByText('Operations')).toBeNull()
    fireEvent.change(screen.getByLabelText('Search the directory'), { target: { value: 'nobody' } })
    expect(await screen.findByText('No team matches the filter')).toBeTruthy()
  })

  it('renders a 10,000-user directory 500 rows at a time', async () => {
    const fake = new FakeControlClient()
    const accounts = Array.from({ length: 10_000 }, (_, i) => ({ id: `a${i}`, email: `user${i}@big.test`, name: `User ${i}` }))
    fake.directoryValue = {
      projects: [{ id: 'big', name: 'Big', accounts, teams: [{ id: 't', name: 'All', scimConfigId: null, members: accounts.map((a) => a.id) }], statusPages: [], scimConfigs: [] }],
    }
    renderScreen(fake)
    const users = await screen.findByRole('table', { name: 'Users' }, { timeout: 5000 })
    expect(users.querySelectorAll('tbody tr').length).toBe(500)
    expect(screen.getByText('9,500 more users not shown')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Show 500 more' }))
    expect(screen.getByRole('table', { name: 'Users' }).querySelectorAll('tbody tr').length).toBe(1000)
    // The team's member list stays short.
    tab(/Teams 1/)
    expect(row(screen.getByRole('table', { name: 'Teams' }), 'All').textContent).toContain('+9,992 more')
  })
})
