// An IAM tenant's wire format in the UI: switched under Configs & tokens → Credentials → IAM, chosen when a tenant is
// created, and shown as a badge beside the base URL in Directory → IAM. All against the fake control client.
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ControlApiError } from '../../src-renderer/src/api/client'
import { FakeControlClient, fakeIamGraph } from '../../src-renderer/src/api/fake'
import { ClientProvider } from '../../src-renderer/src/app/client-context'
import { ConfigsScreen } from '../../src-renderer/src/features/configs/ConfigsScreen'
import { DirectoryScreen } from '../../src-renderer/src/features/directory/DirectoryScreen'

async function openIamCredentials(fake = new FakeControlClient()) {
  render(
    <ClientProvider client={fake}>
      <ConfigsScreen />
    </ClientProvider>,
  )
  const btn = await screen.findByRole('button', { name: 'Credentials' })
  await waitFor(() => expect((btn as HTMLButtonElement).disabled).toBe(false))
  fireEvent.click(btn)
  fireEvent.click(screen.getByRole('tab', { name: 'IAM tenants & SCIM tokens' }))
  return fake
}
const answersAs = (region: HTMLElement) => within(region).getByRole('combobox', { name: 'Answers as' }) as HTMLSelectElement
const updates = (fake: FakeControlClient) => fake.calls.filter((c) => c.method === 'updateIamTenant').map((c) => c.args)

afterEach(() => vi.useRealTimers())

describe('IAM tab: how a tenant answers', () => {
  it('shows the current format with a hint, and switching it PATCHes the tenant (disabled while saving) and keeps the new one', async () => {
    const fake = await openIamCredentials()
    const tenant = await screen.findByRole('region', { name: 'IAM tenant Demo tenant' })
    const select = answersAs(tenant)
    expect(select.value).toBe('reference')
    expect([...select.options].map((o) => [o.value, o.text])).toEqual([
      ['reference', 'Reference envelope'],
      ['rfc7643', 'RFC 7643 SCIM (Okta, Entra, simulator)'],
    ])
    // The one-line hint is the control's description.
    expect(within(tenant).getByRole('combobox', { name: 'Answers as', description: /IAM reference read the envelope; Okta, Entra and the simulator need RFC 7643/ })).toBe(select)

    fireEvent.change(select, { target: { value: 'rfc7643' } })
    expect(select.disabled).toBe(true)
    await waitFor(() => expect(select.disabled).toBe(false))
    expect(updates(fake)).toEqual([['tenant-1', { wireFormat: 'rfc7643' }]])
    expect(fake.iamTenants[0]!.wireFormat).toBe('rfc7643')
    expect(select.value).toBe('rfc7643')
    // The list is reloaded and the tenant it answers agrees (the control follows it).
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'listIamTenants').length).toBeGreaterThan(1))
    expect(answersAs(screen.getByRole('region', { name: 'IAM tenant Demo tenant' })).value).toBe('rfc7643')
    expect(within(tenant).queryByRole('alert')).toBeNull()
    // The IdP setup card is read again: its notes depend on the format.
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'iamEndpointInfo').length).toBe(2))

    // And back.
    fireEvent.change(select, { target: { value: 'reference' } })
    await waitFor(() => expect(fake.iamTenants[0]!.wireFormat).toBe('reference'))
    await waitFor(() => expect(select.disabled).toBe(false))
    expect(select.value).toBe('reference')
    expect(updates(fake)).toEqual([
      ['tenant-1', { wireFormat: 'rfc7643' }],
      ['tenant-1', { wireFormat: 'reference' }],
    ])
  })

  it('shows a failed switch inline, under the control, and puts the stored format back', async () => {
    const fake = new FakeControlClient()
    fake.failNext('updateIamTenant', new ControlApiError(500, 'workspace file is read-only'))
    await openIamCredentials(fake)
    const tenant = await screen.findByRole('region', { name: 'IAM tenant Demo tenant' })
    const select = answersAs(tenant)
    fireEvent.change(select, { target: { value: 'rfc7643' } })
    const alert = await within(tenant).findByRole('alert')
    expect(alert.textContent).toContain('workspace file is read-only')
    expect(alert.closest('.field')).toBe(select.closest('.field'))
    expect(select.getAttribute('aria-describedby')).toContain(alert.id)
    expect(select.value).toBe('reference')
    expect(select.disabled).toBe(false)
    expect(fake.iamTenants[0]!.wireFormat ?? 'reference').toBe('reference')

    // Trying again works and clears the message.
    fireEvent.change(select, { target: { value: 'rfc7643' } })
    await waitFor(() => expect(fake.iamTenants[0]!.wireFormat).toBe('rfc7643'))
    await waitFor(() => expect(within(tenant).queryByRole('alert')).toBeNull())
    expect(select.value).toBe('rfc7643')
  })

  it('creates a tenant answering as RFC 7643 when chosen in the new-tenant form (Reference by default)', async () => {
    const fake = await openIamCredentials()
    await screen.findByRole('region', { name: 'IAM tenant Demo tenant' })
    const form = screen.getByRole('form', { name: 'New IAM tenant' })
    const choice = within(form).getByLabelText('Answers as') as HTMLSelectElement
    expect(choice.value).toBe('reference')
    fireEvent.change(within(form).getByLabelText('New tenant name'), { target: { value: 'Okta prod' } })
    fireEvent.change(choice, { target: { value: 'rfc7643' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Add tenant' }))

    const created = await screen.findByRole('region', { name: 'IAM tenant Okta prod' })
    expect(fake.calls.find((c) => c.method === 'createIamTenant')!.args).toEqual([{ name: 'Okta prod', wireFormat: 'rfc7643' }])
    expect(fake.iamTenants.find((t) => t.id === 'okta-prod')!.wireFormat).toBe('rfc7643')
    expect(answersAs(created).value).toBe('rfc7643')
    // The form is back to its default for the next tenant.
    expect(choice.value).toBe('reference')

    // Without a choice, a tenant answers with the reference's envelope.
    fireEvent.change(within(form).getByLabelText('New tenant name'), { target: { value: 'Scripts' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Add tenant' }))
    expect(answersAs(await screen.findByRole('region', { name: 'IAM tenant Scripts' })).value).toBe('reference')
    expect(fake.iamTenants.find((t) => t.id === 'scripts')!.wireFormat).toBe('reference')
  })
})

describe('the fake control client: updateIamTenant', () => {
  it('renames and switches, refuses what the schema refuses (400) and unknown tenants (404)', async () => {
    const fake = new FakeControlClient()
    expect(await fake.updateIamTenant('tenant-1', { wireFormat: 'rfc7643' })).toMatchObject({ id: 'tenant-1', name: 'Demo tenant', wireFormat: 'rfc7643' })
    expect(await fake.updateIamTenant('tenant-1', { name: 'Renamed' })).toMatchObject({ name: 'Renamed', wireFormat: 'rfc7643' })
    expect((await fake.listIamTenants())[0]).toMatchObject({ name: 'Renamed', wireFormat: 'rfc7643' })
    await expect(fake.updateIamTenant('tenant-1', { wireFormat: 'scim' } as never)).rejects.toMatchObject({ status: 400 })
    await expect(fake.updateIamTenant('tenant-1', { id: 'x' } as never)).rejects.toMatchObject({ status: 400 })
    await expect(fake.updateIamTenant('nope', { wireFormat: 'reference' })).rejects.toMatchObject({ status: 404 })
    expect((await fake.createIamTenant({ name: 'Entra', wireFormat: 'rfc7643' })).wireFormat).toBe('rfc7643')
    expect((await fake.createIamTenant({ name: 'Plain' })).wireFormat).toBe('reference')
  })
})

describe('Directory → IAM: the wire format badge', () => {
  function renderDirectory(fake: FakeControlClient) {
    render(
      <ClientProvider client={fake}>
        <DirectoryScreen />
      </ClientProvider>,
    )
  }
  const badgeBesideBaseUrl = () => {
    const base = screen.getByText('http://127.0.0.1:7643/iam/scim/v2/tenant-1')
    return base.nextElementSibling as HTMLElement
  }

  it('shows "reference envelope" for a default tenant and "RFC 7643" for one answering as RFC 7643, and follows a switch live', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const fake = new FakeControlClient()
    fake.iamGraphs['tenant-1'] = fakeIamGraph()
    fake.iamTenants.push({ id: 'okta', name: 'Okta tenant', wireFormat: 'rfc7643' })
    renderDirectory(fake)
    fireEvent.click(await screen.findByRole('tab', { name: 'IAM' }))
    await screen.findByRole('article', { name: 'Role Release manager' })

    expect(badgeBesideBaseUrl().textContent).toBe('reference envelope')
    expect(badgeBesideBaseUrl().className).toContain('badge')

    fireEvent.change(screen.getByLabelText('Tenant'), { target: { value: 'okta' } })
    const base = await screen.findByText('http://127.0.0.1:7643/iam/scim/v2/okta')
    expect(base.nextElementSibling!.textContent).toBe('RFC 7643')
    expect(base.nextElementSibling!.getAttribute('title')).toMatch(/Okta, Entra and the simulator/)

    // Switched elsewhere: the iamTenant.updated event refetches the tenants and the badge follows.
    fireEvent.change(screen.getByLabelText('Tenant'), { target: { value: 'tenant-1' } })
    await screen.findByText('http://127.0.0.1:7643/iam/scim/v2/tenant-1')
    await fake.updateIamTenant('tenant-1', { wireFormat: 'rfc7643' })
    act(() => fake.emitChanged([{ type: 'iamTenant.updated', message: 'IAM tenant tenant-1 answers as rfc7643' }]))
    await act(async () => {
      await vi.advanceTimersByTimeAsync(300)
    })
    await waitFor(() => expect(badgeBesideBaseUrl().textContent).toBe('RFC 7643'))
  })
})
