import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ControlApiError } from '../../src-renderer/src/api/client'
import { FakeControlClient, fakeConfig } from '../../src-renderer/src/api/fake'
import { ClientProvider } from '../../src-renderer/src/app/client-context'
import { ScenariosScreen } from '../../src-renderer/src/features/scenarios/ScenariosScreen'

const saveTextFile = vi.hoisted(() => vi.fn(async (name: string, _content: string, _type?: string) => name as string | null))
vi.mock('../../src-renderer/src/api/connection', () => ({ saveTextFile }))
beforeEach(() => saveTextFile.mockClear())

function renderScreen(fake = new FakeControlClient()) {
  render(
    <ClientProvider client={fake}>
      <ScenariosScreen />
    </ClientProvider>,
  )
  return fake
}
const setup = () => screen.getByRole('complementary', { name: 'Run setup' })
const results = () => screen.getByRole('region', { name: 'Run results' })
const steps = () => within(results()).getByRole('region', { name: 'Steps' })

async function ready() {
  await screen.findByLabelText('IdP profile')
  await within(setup()).findByLabelText('Scenario preview')
}

describe('Scenarios: pick and run', () => {
  it('defaults to a lifecycle on the first project config, and follows the profile with its own scenario', async () => {
    const fake = new FakeControlClient()
    fake.configs.unshift(fakeConfig({ id: 'status-entra', name: 'Status', kind: 'statusPage', statusPageId: 'acme-status', statusPageName: 'Acme Status' }))
    renderScreen(fake)
    await ready()
    const s = within(setup())
    expect((s.getByLabelText('SCIM config') as HTMLSelectElement).value).toBe('acme-okta')
    expect((s.getByLabelText('Scenario') as HTMLSelectElement).value).toBe('okta-oin-lifecycle')
    expect((s.getByLabelText('IdP profile') as HTMLSelectElement).value).toBe('okta-oin')
    // The profile's facts, and the scenario's steps before anything runs.
    expect(s.getByText(/never DELETEs/)).toBeTruthy()
    expect(s.getByText('timeout 60 s')).toBeTruthy()
    const preview = s.getByLabelText('Scenario preview')
    expect(within(preview).getAllByRole('listitem').map((li) => li.textContent)).toContain('2Provision alice provisionUser')

    fireEvent.change(s.getByLabelText('IdP profile'), { target: { value: 'entra-legacy' } })
    await waitFor(() => expect((s.getByLabelText('Scenario') as HTMLSelectElement).value).toBe('entra-legacy-lifecycle'))
    expect(s.getByText(/Capitalised PATCH ops/)).toBeTruthy()
    expect(s.getByText('sends DELETE')).toBeTruthy()
    expect(screen.getByText('No run yet')).toBeTruthy()
  })

  it('runs: steps appear with outcomes and reasons as run events arrive, counts follow, and the run ends', async () => {
    const fake = renderScreen()
    await ready()
    fake.simulateFailure('deactivate', 'The user is still active after the PATCH: Okta would keep showing them as assigned.')
    fireEvent.click(within(setup()).getByRole('button', { name: 'Run' }))
    await within(results()).findByRole('heading', { name: 'Okta OIN: full lifecycle' })
    expect(fake.calls.find((c) => c.method === 'startRun')!.args[0]).toEqual({
      scenario: 'okta-oin-lifecycle',
      profile: 'okta-oin',
      target: { kind: 'embedded', configId: 'acme-okta' },
      mode: 'run',
    })
    expect(within(results()).getByRole('status', { name: 'Run running' })).toBeTruthy()
    // Nothing has run: every step is still to do.
    expect(within(steps()).getAllByText('to do')).toHaveLength(7)

    act(() => void fake.advanceRun(undefined, 2))
    await within(steps()).findByText('Created alice@example.test; the IdP keeps its id.')
    expect(within(steps()).getAllByText('to do')).toHaveLength(5)
    expect(within(results()).getByLabelText('Summary').textContent).toContain('2/7 steps')

    act(() => void fake.advanceRun(undefined, 5))
    await waitFor(() => expect(within(results()).getByRole('status', { name: 'Run failed' })).toBeTruthy())
    const list = steps()
    // The failing step is open with its reason; Okta's DELETE step is skipped, in words.
    expect(within(list).getAllByText('The user is still active after the PATCH: Okta would keep showing them as assigned.').length).toBeGreaterThan(0)
    expect(within(list).getByText('Okta never sends DELETE: it deactivates the user instead.')).toBeTruthy()
    expect(within(list).getAllByText('skipped')).toHaveLength(1)
    const summary = within(results()).getByLabelText('Summary').textContent!
    expect(summary).toContain('5 passed')
    expect(summary).toContain('1 failed')
    expect(summary).toContain('1 skipped')
    expect(within(results()).queryByRole('button', { name: 'Stop' })).toBeNull()
    // The recent runs list learns of it.
    await within(setup()).findByRole('button', { name: 'Okta OIN: full lifecycle, okta-oin: failed, 5/7 passed, 1 failed' })
  })

  it('opens an exchange to its headers, bodies, checks with sources and items, and directory changes', async () => {
    const fake = renderScreen()
    await ready()
    fireEvent.click(within(setup()).getByRole('button', { name: 'Run' }))
    await within(results()).findByRole('heading', { name: 'Okta OIN: full lifecycle' })
    act(() => void fake.finishRun())
    await waitFor(() => expect(within(results()).getByRole('status', { name: 'Run passed' })).toBeTruthy())
    const stepRow = within(steps()).getByRole('button', { name: /Provision alice/ })
    expect(stepRow.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(stepRow)
    const requests = within(steps()).getByRole('list', { name: 'Requests of step 2' })
    const rows = within(requests).getAllByRole('button')
    expect(rows.map((r) => r.textContent)).toEqual([expect.stringMatching(/^GET\/Users\?filter=.*200/), expect.stringMatching(/^POST\/Users201.*3 changes/)])
    fireEvent.click(rows[1]!)
    const post = rows[1]!.closest('li')!
    expect(within(post).getByText('Not found, so the IdP creates the user.')).toBeTruthy()
    expect(within(post).getByLabelText('Request headers').textContent).toContain('Okta SCIM Client')
    expect(within(post).getByLabelText('Request body').textContent).toContain('"userName": "alice@example.test"')
    expect(within(post).getByLabelText('Response body').textContent).toContain('"id": "u-1"')
    const checks = within(post).getByRole('list', { name: 'Checks' })
    expect(checks.textContent).toContain('201 with an id: the IdP stores it for later requests.')
    expect(checks.textContent).toContain('RFC 7644 §3.3')
    expect(within(checks).getByText('b.2.3').className).toContain('sc-item')
    expect(within(post).getByRole('list', { name: 'Directory changes' }).textContent).toContain('added alice@example.test to team Engineering')
  })

  it("shows the server's message when a run cannot start, and checks an external target first", async () => {
    const fake = renderScreen()
    await ready()
    fake.failNext('startRun', new ControlApiError(404, 'no SCIM config "acme-okta"'))
    fireEvent.click(within(setup()).getByRole('button', { name: 'Run' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The sandbox answered 404')
    expect(alert.textContent).toContain('no SCIM config "acme-okta"')
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss error' }))

    fireEvent.click(within(setup()).getByLabelText(/Another SCIM server/))
    fireEvent.change(within(setup()).getByLabelText('Base URL'), { target: { value: 'not a url' } })
    const starts = fake.calls.filter((c) => c.method === 'startRun').length
    fireEvent.click(within(setup()).getByRole('button', { name: 'Run' }))
    expect(await within(setup()).findByText('A full URL, e.g. https://scim.example.com/scim/v2')).toBeTruthy()
    expect(within(setup()).getByText('The bearer token the server expects')).toBeTruthy()
    expect(fake.calls.filter((c) => c.method === 'startRun')).toHaveLength(starts)

    fireEvent.change(within(setup()).getByLabelText('Base URL'), { target: { value: 'https://scim.example.com/scim/v2' } })
    fireEvent.change(within(setup()).getByLabelText('Bearer token'), { target: { value: 'secret-token' } })
    fireEvent.click(within(setup()).getByRole('button', { name: 'Run' }))
    await within(results()).findByRole('heading', { name: 'Okta OIN: full lifecycle' })
    expect(fake.calls.filter((c) => c.method === 'startRun').pop()!.args[0]).toMatchObject({ target: { kind: 'url', baseUrl: 'https://scim.example.com/scim/v2', token: 'secret-token' } })
  })

  it('shows a load failure with Retry', async () => {
    const fake = new FakeControlClient()
    fake.failNext('profiles', new ControlApiError(404, 'no control API endpoint GET /profiles'))
    renderScreen(fake)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('no control API endpoint GET /profiles')
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
    await ready()
  })

  it('stops a running run and exports the report and JUnit through the client and saveTextFile', async () => {
    const fake = renderScreen()
    await ready()
    fireEvent.click(within(setup()).getByRole('button', { name: 'Run' }))
    await within(results()).findByRole('heading', { name: 'Okta OIN: full lifecycle' })
    act(() => void fake.advanceRun(undefined, 1))
    fireEvent.click(within(results()).getByRole('button', { name: 'Stop' }))
    await waitFor(() => expect(within(results()).getByRole('status', { name: 'Run cancelled' })).toBeTruthy())
    expect(within(results()).getByText('6 steps not run (cancelled).')).toBeTruthy()
    const id = fake.lastRunId!

    fireEvent.click(within(results()).getByRole('button', { name: 'Report (JSON)' }))
    await waitFor(() => expect(saveTextFile).toHaveBeenCalledTimes(1))
    expect(fake.calls.some((c) => c.method === 'runReport' && c.args[0] === id)).toBe(true)
    const [name, content, type] = saveTextFile.mock.calls[0]!
    expect(name).toBe(`scim-sandbox-okta-oin-lifecycle-${id}.report.json`)
    expect(JSON.parse(content)).toMatchObject({ format: 'scim-sandbox-report', runId: id, status: 'cancelled' })
    expect(type).toBe('application/json')

    fireEvent.click(within(results()).getByRole('button', { name: 'JUnit XML' }))
    await waitFor(() => expect(saveTextFile).toHaveBeenCalledTimes(2))
    const [xmlName, xml, xmlType] = saveTextFile.mock.calls[1]!
    expect(xmlName).toBe(`scim-sandbox-okta-oin-lifecycle-${id}.junit.xml`)
    expect(xml).toContain('<testsuites>')
    expect(xmlType).toBe('application/xml')
    expect(await screen.findByText(`JUnit XML saved: ${xmlName}`)).toBeTruthy()

    fake.failNext('runJunit', new ControlApiError(404, `no run "${id}"`))
    fireEvent.click(within(results()).getByRole('button', { name: 'JUnit XML' }))
    expect((await screen.findByRole('alert')).textContent).toContain(`no run "${id}"`)
    expect(saveTextFile).toHaveBeenCalledTimes(2)
  })
})
