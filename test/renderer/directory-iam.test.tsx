import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ControlApiError } from '../../src-renderer/src/api/client'
import { emptyIamGraph, FakeControlClient, fakeIamGraph } from '../../src-renderer/src/api/fake'
import { ClientProvider } from '../../src-renderer/src/app/client-context'
import { DirectoryScreen } from '../../src-renderer/src/features/directory/DirectoryScreen'

function renderScreen(fake: FakeControlClient) {
  render(
    <ClientProvider client={fake}>
      <DirectoryScreen />
    </ClientProvider>,
  )
  return fake
}
async function openIamTab() {
  fireEvent.click(await screen.findByRole('tab', { name: 'IAM' }))
}
const graphCalls = (fake: FakeControlClient) => fake.calls.filter((c) => c.method === 'iamGraph')

afterEach(() => vi.useRealTimers())

describe('Directory → IAM', () => {
  it('shows the tenant’s graph: counts, a role card that expands to permission → statement → actions on resource, claim mapper and members', async () => {
    const fake = new FakeControlClient()
    fake.iamGraphs['tenant-1'] = fakeIamGraph()
    renderScreen(fake)
    await openIamTab()

    const roles = await screen.findByRole('region', { name: 'Roles' })
    expect(screen.getByLabelText('IAM resource counts').textContent).toBe('1 role · 1 permission · 1 resource type · 1 resource · 3 actions · 1 group · 2 users')
    expect(screen.getByText('http://127.0.0.1:7643/iam/scim/v2/tenant-1')).toBeTruthy()
    const card = within(roles).getByRole('article', { name: 'Role Release manager' })
    expect(card.textContent).toContain('2 members')
    expect(card.textContent).toContain('team → release')
    // Collapsed: no statements yet.
    expect(within(card).queryByRole('list', { name: 'Permissions of Release manager' })).toBeNull()

    const toggle = within(card).getByRole('button', { name: /Release manager/ })
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    const perms = within(card).getByRole('list', { name: 'Permissions of Release manager' })
    expect(perms.textContent).toContain('Deploy checkout')
    const statements = within(perms).getByRole('list', { name: 'Statements of Deploy checkout' })
    expect(within(statements).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['deploy on Checkout API (Service)'])
    expect(card.textContent).toContain('team: release')
    expect(card.textContent).toContain('Ada Lovelace')
    expect(card.textContent).toContain('SRE (group, 1 member)')
    // The body is labelled by the button that opens it.
    expect(toggle.getAttribute('aria-controls')).toBe(card.querySelector('.iam-card-body')!.id)

    // Groups with members, users with userName / displayName / active / email, resource types with actions and resources.
    const groups = screen.getByRole('table', { name: 'IAM groups' })
    expect(within(groups).getByText('SRE').closest('tr')!.textContent).toContain('Grace Hopper')
    expect(within(groups).getByText('SRE').closest('tr')!.textContent).toContain('Release manager')
    const users = screen.getByRole('table', { name: 'IAM users' })
    const ada = within(users).getByText('ada@acme.test', { selector: 'td.mono[title]' }).closest('tr')!
    expect(ada.textContent).toContain('Ada Lovelace')
    expect(ada.textContent).toContain('true')
    expect(ada.textContent).toContain('Release manager')
    const grace = within(users).getByText('grace@acme.test', { selector: 'td.mono[title]' }).closest('tr')!
    expect(grace.textContent).toContain('Release manager via SRE')
    const types = screen.getByRole('table', { name: 'Resource types' })
    const service = within(types).getByText('Service').closest('tr')!
    expect(service.textContent).toContain('read')
    expect(service.textContent).toContain('deploy')
    expect(service.textContent).toContain('Checkout API')
    expect(within(screen.getByRole('table', { name: 'Actions' })).getByText('write')).toBeTruthy()

    // Collapse all / expand all.
    fireEvent.click(within(roles).getByRole('button', { name: 'Collapse all' }))
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(within(roles).getByRole('button', { name: 'Expand all' }))
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
  })

  it('switches tenants with the picker', async () => {
    const fake = new FakeControlClient()
    fake.iamTenants.push({ id: 'globex', name: 'Globex' })
    fake.iamGraphs['tenant-1'] = fakeIamGraph()
    const globex = emptyIamGraph('globex', 'Globex')
    globex.roles.push({ id: 'r-aud', name: 'Auditor', description: '', permissionIds: [], statements: [], claimMapper: {}, members: [], createdAt: 'x', updatedAt: 'x' })
    fake.iamGraphs.globex = globex
    renderScreen(fake)
    await openIamTab()
    await screen.findByRole('article', { name: 'Role Release manager' })

    fireEvent.change(screen.getByLabelText('Tenant'), { target: { value: 'globex' } })
    expect(await screen.findByRole('article', { name: 'Role Auditor' })).toBeTruthy()
    expect(screen.queryByRole('article', { name: 'Role Release manager' })).toBeNull()
    expect(graphCalls(fake).map((c) => c.args[0])).toEqual(['tenant-1', 'globex'])
    expect(screen.getByText('http://127.0.0.1:7643/iam/scim/v2/globex')).toBeTruthy()
    // The Auditor has no permissions: its card says so when opened.
    fireEvent.click(screen.getByRole('button', { name: /Auditor/ }))
    expect(screen.getByRole('article', { name: 'Role Auditor' }).textContent).toContain('no members')
  })

  it('explains how to create IAM resources when the tenant has none, and how to make a tenant when there is none', async () => {
    const fake = new FakeControlClient()
    renderScreen(fake)
    await openIamTab()
    const empty = await screen.findByText('No IAM resources in Demo tenant yet')
    const body = empty.parentElement!.textContent!
    expect(body).toContain('http://127.0.0.1:7643/iam/scim/v2/tenant-1')
    expect(body).toContain('/iam/scim/v2/tenant-1')
    expect(body).toContain('SCIM token from Configs & tokens → IAM')

    document.body.innerHTML = ''
    const none = new FakeControlClient()
    none.iamTenants = []
    none.directoryValue = { projects: [] }
    renderScreen(none)
    // Without projects the project tabs say the directory is empty; the IAM tab is still there.
    expect(await screen.findByText('The directory is empty')).toBeTruthy()
    await openIamTab()
    expect(await screen.findByText('No IAM tenants')).toBeTruthy()
    expect(screen.getByText(/Configs & tokens → IAM/)).toBeTruthy()
  })

  it('refetches on IAM changes (debounced) and highlights what changed; other changes do not refetch it', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const fake = new FakeControlClient()
    fake.iamGraphs['tenant-1'] = fakeIamGraph()
    renderScreen(fake)
    await openIamTab()
    await screen.findByRole('article', { name: 'Role Release manager' })
    const before = graphCalls(fake).length

    act(() => fake.emitChanged([{ type: 'team.created', message: 'created team X' }]))
    await act(async () => {
      await vi.advanceTimersByTimeAsync(300)
    })
    expect(graphCalls(fake).length).toBe(before)

    const next = fakeIamGraph()
    next.users.push({ id: 'usr-new', userName: 'new@acme.test', displayName: 'New Person', active: false, email: null, createdAt: 'x', updatedAt: 'x' })
    next.permissions[0]!.statements.push({ actionIds: ['act-read', 'act-deploy'], resourceId: 'res-checkout-api' })
    fake.iamGraphs['tenant-1'] = next
    act(() => fake.emitChanged([{ type: 'iam.resource.created', message: 'created IAM user new@acme.test' }]))
    expect(graphCalls(fake).length).toBe(before)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(300)
    })
    expect(graphCalls(fake).length).toBe(before + 1)
    const users = screen.getByRole('table', { name: 'IAM users' })
    const added = within(users).getByText('new@acme.test').closest('tr')!
    expect(added.className).toContain('row-flash')
    expect(added.textContent).toContain('false')
    expect(within(users).getByText('ada@acme.test', { selector: 'td.mono[title]' }).closest('tr')!.className).not.toContain('row-flash')
    // A statement added to a permission changes the role that holds it: its card flashes too.
    const card = screen.getByRole('article', { name: 'Role Release manager' })
    expect(card.className).toContain('iam-flash')
    fireEvent.click(within(card).getByRole('button', { name: /Release manager/ }))
    expect(within(card).getByRole('list', { name: 'Statements of Deploy checkout' }).textContent).toContain('read, deploy on Checkout API (Service)')
    await act(async () => {
      await vi.advanceTimersByTimeAsync(2100)
    })
    expect(screen.getByRole('article', { name: 'Role Release manager' }).className).not.toContain('iam-flash')
  })

  it('shows the server’s message when the graph cannot be loaded, and Retry loads it', async () => {
    const fake = new FakeControlClient()
    fake.iamGraphs['tenant-1'] = fakeIamGraph()
    fake.failNext('iamGraph', new ControlApiError(500, 'graph: store not ready'))
    renderScreen(fake)
    await openIamTab()
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('graph: store not ready')
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(screen.getByRole('article', { name: 'Role Release manager' })).toBeTruthy())
  })

  it('filters roles, groups and users with the search box', async () => {
    const fake = new FakeControlClient()
    fake.iamGraphs['tenant-1'] = fakeIamGraph()
    renderScreen(fake)
    await openIamTab()
    await screen.findByRole('article', { name: 'Role Release manager' })
    fireEvent.change(screen.getByLabelText('Search the directory'), { target: { value: 'grace' } })
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Role Release manager' })).toBeNull())
    expect(within(screen.getByRole('table', { name: 'IAM users' })).queryByText('ada@acme.test')).toBeNull()
    expect(within(screen.getByRole('table', { name: 'IAM users' })).getAllByRole('row')).toHaveLength(2)
    expect(screen.getByText('No role matches the filter.')).toBeTruthy()
  })
})
