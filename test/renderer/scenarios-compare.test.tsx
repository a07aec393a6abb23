import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
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
const setup = () => screen.getByRole('complementary', { name: 'Compare setup' })
const results = () => screen.getByRole('region', { name: 'Comparison' })

async function openCompare() {
  await screen.findByLabelText('IdP profile')
  fireEvent.click(screen.getByRole('tab', { name: 'Compare' }))
  await screen.findByRole('complementary', { name: 'Compare setup' })
}

describe('Scenarios: compare two dialects', () => {
  it('runs one scenario in two profiles, one after the other, and marks what differs side by side', async () => {
    const fake = renderScreen()
    await openCompare()
    const s = within(setup())
    expect((s.getByLabelText('Scenario') as HTMLSelectElement).value).toBe('entra-legacy-lifecycle')
    expect((s.getByLabelText('Left profile') as HTMLSelectElement).value).toBe('entra-legacy')
    expect((s.getByLabelText('Right profile') as HTMLSelectElement).value).toBe('entra-flag')
    expect(screen.getByText('Compare two dialects')).toBeTruthy()

    fireEvent.click(s.getByRole('button', { name: 'Compare' }))
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'startRun')).toHaveLength(1))
    const first = fake.calls.find((c) => c.method === 'startRun')!.args[0] as { scenario: { name: string; domain: string; users: Record<string, { userName: string }> } }
    expect(first).toMatchObject({ scenario: { name: 'entra-legacy-lifecycle' }, profile: 'entra-legacy', mode: 'run', target: { kind: 'embedded', configId: 'acme-okta' } })
    // Its users live on the run's own domain, so the second run does not meet them.
    expect(first.scenario.domain).toMatch(/^cmp-[a-z0-9]+-a\.example\.test$/)
    expect(first.scenario.users.alice!.userName).toBe(`alice@${first.scenario.domain}`)
    expect(s.getByRole('button', { name: 'Comparing…' })).toBeTruthy()
    // The right one waits for the left to end.
    act(() => void fake.finishRun())
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'startRun')).toHaveLength(2))
    const second = fake.calls.filter((c) => c.method === 'startRun')[1]!.args[0] as { profile: string; scenario: { domain: string } }
    expect(second.profile).toBe('entra-flag')
    expect(second.scenario.domain).toMatch(/-b\.example\.test$/)
    act(() => void fake.finishRun())
    await waitFor(() => expect(s.getByRole('button', { name: 'Compare' })).toBeTruthy())

    const grid = within(results()).getByRole('table', { name: 'Request sequences side by side' })
    const heads = within(grid).getAllByRole('columnheader').map((h) => h.textContent)
    expect(heads).toEqual([expect.stringMatching(/^Microsoft Entra ID \(legacy\) passed/), expect.stringMatching(/^Microsoft Entra ID \(aadOptscim062020\) passed/)])
    // Deactivate: same PATCH on both sides, with the op's casing and active's type marked.
    const deactivate = within(grid).getByRole('rowgroup', { name: 'Step 4: Deactivate alice' })
    expect(within(deactivate).getByText('differs')).toBeTruthy()
    const cells = within(deactivate).getAllByRole('cell')
    expect(cells.some((c) => /^PATCH\/Users\/u-1.*body200$/.test(c.textContent!))).toBe(true)
    const diffs = within(deactivate).getByRole('cell', { name: 'Differences' }).textContent!
    expect(diffs).toContain('op casing: Operations[0].op "Replace" vs "replace"')
    expect(diffs).toContain('value type: Operations[0].value: string "False" vs boolean false')
    // Test connection is the same in both.
    const test = within(grid).getByRole('rowgroup', { name: 'Step 1: Test connection' })
    expect(within(test).queryByText('differs')).toBeNull()
    expect(within(test).getByText('same')).toBeTruthy()
    // The group push: legacy answers 204 where the flag answers 200.
    const push = within(grid).getByRole('rowgroup', { name: 'Step 6: Push group Engineering' })
    expect(within(push).getByRole('cell', { name: 'Differences' }).textContent).toContain('status 204 vs 200')
    expect(push.querySelectorAll('.sc-diff').length).toBeGreaterThan(0)

    const summary = within(results()).getByRole('status').textContent!
    expect(summary).toMatch(/\d+ differences in \d+ of 7 steps/)
    expect(summary).toContain('op casing')

    // Only the steps that differ.
    fireEvent.click(within(results()).getByLabelText('Only steps that differ'))
    expect(within(grid).queryByRole('rowgroup', { name: 'Step 1: Test connection' })).toBeNull()
    expect(within(grid).getByRole('rowgroup', { name: 'Step 4: Deactivate alice' })).toBeTruthy()
  })

  it('compares Okta OIN with AIW: PATCH against GET-then-PUT', async () => {
    const fake = renderScreen()
    await openCompare()
    fireEvent.click(within(setup()).getByRole('button', { name: 'Okta OIN vs AIW' }))
    fireEvent.change(within(setup()).getByLabelText('Scenario'), { target: { value: 'okta-oin-lifecycle' } })
    fireEvent.click(within(setup()).getByRole('button', { name: 'Compare' }))
    await waitFor(() => expect(fake.lastRunId).toBe('run-1'))
    act(() => void fake.finishRun())
    await waitFor(() => expect(fake.lastRunId).toBe('run-2'))
    act(() => void fake.finishRun())
    const grid = await within(results()).findByRole('table', { name: 'Request sequences side by side' })
    const deactivate = within(grid).getByRole('rowgroup', { name: 'Step 4: Deactivate alice' })
    await waitFor(() => expect(within(deactivate).getAllByRole('cell', { name: 'Differences' }).map((c) => c.textContent).join(' ')).toContain('method PATCH vs PUT'))
    // AIW's read before the PUT has no counterpart on the left.
    const rows = within(deactivate).getAllByRole('row').map((r) => r.textContent)
    expect(rows).toContain('—GET/Users/u-1200')
  })

  it("shows the server's message when a compare cannot start", async () => {
    const fake = renderScreen()
    await openCompare()
    fake.failNext('startRun', new ControlApiError(404, 'no scenario "entra-legacy-lifecycle"'))
    fireEvent.click(within(setup()).getByRole('button', { name: 'Compare' }))
    const alert = await within(results()).findByRole('alert')
    expect(alert.textContent).toContain('no scenario "entra-legacy-lifecycle"')
  })
})
