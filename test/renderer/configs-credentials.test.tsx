import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ControlApiError } from '../../src-renderer/src/api/client'
import { FakeControlClient } from '../../src-renderer/src/api/fake'
import { ClientProvider } from '../../src-renderer/src/app/client-context'
import { ConfigsScreen } from '../../src-renderer/src/features/configs/ConfigsScreen'

async function openCredentials(fake = new FakeControlClient()) {
  render(
    <ClientProvider client={fake}>
      <ConfigsScreen />
    </ClientProvider>,
  )
  const btn = await screen.findByRole('button', { name: 'Credentials' })
  await waitFor(() => expect((btn as HTMLButtonElement).disabled).toBe(false))
  fireEvent.click(btn)
  return fake
}
const tab = (name: string) => fireEvent.click(screen.getByRole('tab', { name }))

let writeText: ReturnType<typeof vi.fn>
beforeEach(() => {
  writeText = vi.fn(() => Promise.resolve())
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
})

describe('Configs & tokens: credentials — API keys', () => {
  it('lists keys with prefix and permissions; create shows the key once with a copy button, Done hides it for good', async () => {
    const fake = await openCredentials()
    const table = await screen.findByRole('table', { name: 'API keys' })
    expect(within(table).getByText('key-ow…')).toBeTruthy()
    expect(within(table).getByText('ProjectOwner')).toBeTruthy()

    const form = screen.getByRole('form', { name: 'New API key' })
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'CI' } })
    fireEvent.click(within(form).getByLabelText('ProjectAdmin'))
    fireEvent.click(within(form).getByRole('button', { name: 'Create API key' }))
    const once = await screen.findByRole('region', { name: 'New API key' })
    expect(fake.apiKeys.at(-1)).toMatchObject({ name: 'CI', permissions: ['ProjectAdmin'] })
    expect(once.textContent).toMatch(/not shown again/)
    expect(once.textContent).toMatch(/key-fake-\d+-secretvalue/)
    fireEvent.click(within(once).getByRole('button', { name: 'Copy API key' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(expect.stringMatching(/^key-fake-\d+-secretvalue$/)))
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'API keys' })).getByText('CI')).toBeTruthy())

    fireEvent.click(within(once).getByRole('button', { name: 'Done' }))
    expect(screen.queryByRole('region', { name: 'New API key' })).toBeNull()
    expect(document.body.textContent).not.toMatch(/secretvalue/)
  })

  it('validates inline with the shared schema (no call made)', async () => {
    const fake = await openCredentials()
    await screen.findByRole('table', { name: 'API keys' })
    const form = screen.getByRole('form', { name: 'New API key' })
    fireEvent.click(within(form).getByRole('button', { name: 'Create API key' }))
    const alerts = within(form).getAllByRole('alert').map((a) => a.textContent)
    expect(alerts).toContain('a name is required')
    expect(alerts).toContain('choose at least one permission')
    expect(fake.calls.some((c) => c.method === 'createApiKey')).toBe(false)
  })

  it('revoke asks for confirmation first; cancel keeps the key, confirm revokes it', async () => {
    const fake = await openCredentials()
    await screen.findByRole('table', { name: 'API keys' })
    fireEvent.click(screen.getByRole('button', { name: 'Revoke API key owner' }))
    const dialog = screen.getByRole('dialog', { name: 'Revoke API key owner?' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(fake.calls.some((c) => c.method === 'revokeApiKey')).toBe(false)
    fireEvent.click(screen.getByRole('button', { name: 'Revoke API key owner' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Revoke' }))
    await waitFor(() => expect(screen.getByText('No API key in this project.')).toBeTruthy())
    expect(fake.apiKeys).toEqual([])
  })

  it("a failing call shows the server's message", async () => {
    const fake = new FakeControlClient()
    fake.failNext('createApiKey', new ControlApiError(500, 'the disk is full'))
    await openCredentials(fake)
    await screen.findByRole('table', { name: 'API keys' })
    const form = screen.getByRole('form', { name: 'New API key' })
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'CI' } })
    fireEvent.click(within(form).getByLabelText('ProjectMember'))
    fireEvent.click(within(form).getByRole('button', { name: 'Create API key' }))
    expect((await within(form).findByRole('alert')).textContent).toContain('the disk is full')
    expect(screen.queryByRole('region', { name: 'New API key' })).toBeNull()
  })

  it('a failing list shows its error with Retry', async () => {
    const fake = new FakeControlClient()
    fake.failNext('listApiKeys', new ControlApiError(503, 'busy, try again'))
    await openCredentials(fake)
    expect((await screen.findByRole('alert')).textContent).toContain('busy, try again')
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }))
    expect(await screen.findByRole('table', { name: 'API keys' })).toBeTruthy()
  })
})

describe('Configs & tokens: credentials — OAuth clients', () => {
  it('creates a client (secret once), rotates its secret after confirmation, deletes after confirmation', async () => {
    const fake = await openCredentials()
    tab('OAuth clients')
    await screen.findByRole('table', { name: 'OAuth clients' })
    const form = screen.getByRole('form', { name: 'New OAuth client' })
    fireEvent.click(within(form).getByRole('button', { name: 'Create OAuth client' }))
    expect(within(form).getByRole('alert').textContent).toBe('choose at least one scope')
    fireEvent.change(within(form).getByLabelText('Client id (optional)'), { target: { value: 'ci-bot' } })
    fireEvent.click(within(form).getByLabelText('scim-tokens:read'))
    fireEvent.click(within(form).getByRole('button', { name: 'Create OAuth client' }))
    const once = await screen.findByRole('region', { name: 'New client secret of ci-bot' })
    expect(once.textContent).toMatch(/sec-fake-\d+-secretvalue/)
    fireEvent.click(within(once).getByRole('button', { name: 'Done' }))
    expect(document.body.textContent).not.toMatch(/secretvalue/)

    await waitFor(() => screen.getByRole('button', { name: 'Rotate secret of ci-bot' }))
    fireEvent.click(screen.getByRole('button', { name: 'Rotate secret of ci-bot' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Rotate' }))
    expect((await screen.findByRole('region', { name: 'New client secret of ci-bot' })).textContent).toMatch(/sec-rotated-/)

    fireEvent.click(screen.getByRole('button', { name: 'Delete OAuth client ci-bot' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }))
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Delete OAuth client ci-bot' })).toBeNull())
    expect(fake.oauthClients.map((c) => c.clientId)).toEqual(['admin-cli'])
  })
})

describe('Configs & tokens: credentials — IAM tenants and SCIM tokens', () => {
  it('shows the tenant, its tokens and the endpoint-info card; issues a token once; disable; revoke with confirmation shows the badge', async () => {
    const fake = await openCredentials()
    tab('IAM tenants & SCIM tokens')
    const tenant = await screen.findByRole('region', { name: 'IAM tenant Demo tenant' })
    const card = await within(tenant).findByRole('region', { name: 'IdP setup' })
    expect(within(card).getAllByText('http://127.0.0.1:7643/iam/scim/v2/tenant-1').length).toBeGreaterThan(0)
    fireEvent.click(within(card).getByRole('button', { name: 'Copy SCIM base URL' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('http://127.0.0.1:7643/iam/scim/v2/tenant-1'))
    expect(card.textContent).toContain('Okta')
    expect(card.textContent).toContain('Microsoft Entra')

    const form = within(tenant).getByRole('form', { name: 'New SCIM token' })
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'okta-prod' } })
    fireEvent.change(within(form).getByLabelText('Expires (optional)'), { target: { value: '2099-01-31T12:00' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Issue token' }))
    const once = await within(tenant).findByRole('region', { name: 'New SCIM token' })
    expect(once.textContent).toMatch(/tok-iam-fake-\d+-secretvalue/)
    expect(fake.iamTokens[0]).toMatchObject({ name: 'okta-prod', expiresAt: expect.stringMatching(/^2099-01-31T/) })
    fireEvent.click(within(once).getByRole('button', { name: 'Done' }))
    expect(document.body.textContent).not.toMatch(/secretvalue/)

    await waitFor(() => within(tenant).getByRole('button', { name: 'Disable token idp' }))
    fireEvent.click(within(tenant).getByRole('button', { name: 'Disable token idp' }))
    await waitFor(() => expect(within(tenant).getByRole('button', { name: 'Enable token idp' })).toBeTruthy())
    expect(fake.iamTokens.find((t) => t.name === 'idp')!.enabled).toBe(false)

    fireEvent.click(within(tenant).getByRole('button', { name: 'Revoke token idp' }))
    const dialog = screen.getByRole('dialog', { name: 'Revoke SCIM token idp?' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke' }))
    await waitFor(() => expect(within(tenant).getByText('revoked')).toBeTruthy())
    expect(within(tenant).queryByRole('button', { name: 'Revoke token idp' })).toBeNull()
  })

  it('an expired token has its badge; a bad expiry is an inline error; tenants are created and deleted (with confirmation)', async () => {
    const fake = new FakeControlClient()
    fake.iamTokens[0]!.expiresAt = '2020-01-01T00:00:00.000Z'
    await openCredentials(fake)
    tab('IAM tenants & SCIM tokens')
    const tenant = await screen.findByRole('region', { name: 'IAM tenant Demo tenant' })
    await waitFor(() => expect(within(tenant).getByText('expired')).toBeTruthy())
    const form = within(tenant).getByRole('form', { name: 'New SCIM token' })
    fireEvent.click(within(form).getByRole('button', { name: 'Issue token' }))
    expect(within(form).getByRole('alert').textContent).toBe('a name is required')

    const add = screen.getByRole('form', { name: 'New IAM tenant' })
    fireEvent.click(within(add).getByRole('button', { name: 'Add tenant' }))
    expect(within(add).getByRole('alert').textContent).toBe('a name is required')
    fireEvent.change(within(add).getByLabelText('New tenant name'), { target: { value: 'Training' } })
    fireEvent.click(within(add).getByRole('button', { name: 'Add tenant' }))
    const training = await screen.findByRole('region', { name: 'IAM tenant Training' })
    expect(await within(training).findByText('No SCIM token for this tenant.')).toBeTruthy()
    fireEvent.click(within(training).getByRole('button', { name: 'Delete tenant' }))
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Delete IAM tenant Training?' })).getByRole('button', { name: 'Delete tenant' }))
    await waitFor(() => expect(fake.iamTenants.map((t) => t.id)).toEqual(['tenant-1']))
    expect(await screen.findByRole('region', { name: 'IAM tenant Demo tenant' })).toBeTruthy()
  })
})
