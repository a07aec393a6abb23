import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { StreamListener } from '../../src-renderer/src/api/client'
import { FakeControlClient } from '../../src-renderer/src/api/fake'
import { ClientProvider } from '../../src-renderer/src/app/client-context'
import { ScenariosScreen } from '../../src-renderer/src/features/scenarios/ScenariosScreen'
import type { RunEvent } from '../../src-shared/scenario'

vi.mock('../../src-renderer/src/api/connection', () => ({ saveTextFile: vi.fn() }))

/** The fake, with run events held back and released on demand: the server batches them every 200 ms. */
class DelayedStreamFake extends FakeControlClient {
  held: RunEvent[] = []
  hold = false
  private outer = new Set<StreamListener>()
  override subscribe(l: StreamListener) {
    this.outer.add(l)
    const unsub = super.subscribe({ ...l, run: (events) => (this.hold ? this.held.push(...events) : l.run?.(events)) })
    return () => {
      this.outer.delete(l)
      unsub()
    }
  }
  release() {
    const batch = this.held
    this.held = []
    for (const l of this.outer) l.run?.(batch)
  }
}

function renderScreen(fake: FakeControlClient = new FakeControlClient()) {
  render(
    <ClientProvider client={fake}>
      <ScenariosScreen />
    </ClientProvider>,
  )
  return fake
}
const setup = () => screen.getByRole('complementary', { name: 'Run setup' })
const results = () => screen.getByRole('region', { name: 'Run results' })
const pending = () => within(results()).getByRole('region', { name: 'Next request' })
const last = () => within(results()).getByRole('region', { name: 'Last exchange' })

async function startStep(fake: FakeControlClient) {
  await screen.findByLabelText('Scenario preview')
  fireEvent.click(within(setup()).getByRole('button', { name: 'Step' }))
  await within(results()).findByRole('region', { name: 'Next request' })
  expect(fake.calls.find((c) => c.method === 'startRun')!.args[0]).toMatchObject({ mode: 'step', scenario: 'okta-oin-lifecycle' })
  // The setup folds away to give the request and its answer the width; one click brings it back.
  expect(screen.queryByRole('complementary', { name: 'Run setup' })).toBeNull()
}

describe('Scenarios: step mode', () => {
  it('shows each request in full before it is sent, then its answer and the directory changes it caused', async () => {
    const fake = renderScreen()
    await startStep(fake)
    // Nothing sent yet: the first request is shown whole, with why Okta sends it.
    expect(fake.calls.some((c) => c.method === 'stepRun')).toBe(false)
    expect(within(results()).queryByRole('region', { name: 'Last exchange' })).toBeNull()
    expect(within(results()).getByRole('status', { name: 'Run waiting' })).toBeTruthy()
    let p = pending()
    expect(p.textContent).toContain('step 1 of 7: Test connection')
    expect(p.textContent).toContain('GET http://127.0.0.1:7643/scim/v2/acme-okta/Users?startIndex=1&count=1')
    expect(p.textContent).toContain('Okta tests the connection with a one-user page.')
    expect(within(p).getByLabelText('Request headers').textContent).toContain('Okta SCIM Client')
    const send = within(p).getByRole('button', { name: 'Send' })
    await waitFor(() => expect(document.activeElement).toBe(send))

    fireEvent.click(send)
    await waitFor(() => expect(pending().textContent).toContain('step 2 of 7: Provision alice'))
    p = pending()
    expect(p.textContent).toContain('/Users?filter=userName%20eq%20%22alice%40example.test%22&startIndex=1&count=100')
    expect(within(p).getByText('b.2.2').className).toContain('sc-item')
    expect(last().textContent).toContain('200')
    expect(last().textContent).toContain('No change in the directory.')

    // The lookup, then the POST it leads to, shown before it goes: method, pretty body, the note.
    fireEvent.click(within(p).getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(pending().textContent).toContain('POST'))
    p = pending()
    expect(within(p).getByLabelText('Request body').textContent).toContain('\n  "userName": "alice@example.test"')
    expect(p.textContent).toContain('Not found, so the IdP creates the user.')
    expect(last().textContent).not.toContain('added alice@example.test to team Engineering')

    // Ctrl+Enter sends too.
    fireEvent.keyDown(window, { key: 'Enter', ctrlKey: true })
    await waitFor(() => expect(within(last()).getByRole('list', { name: 'Directory changes' }).textContent).toContain('added alice@example.test to team Engineering'))
    expect(last().textContent).toContain('201')
    expect(last().textContent).toContain('created SCIM user alice@example.test')
    expect(pending().textContent).toContain('step 3 of 7')
    // The finished step is in the list with its reason.
    expect(within(results()).getByRole('region', { name: 'Steps' }).textContent).toContain('Created alice@example.test; the IdP keeps its id.')
    expect(fake.calls.filter((c) => c.method === 'stepRun')).toHaveLength(3)
  })

  it('walks to the end (Okta skips the DELETE without sending it) and the run passes', async () => {
    const fake = renderScreen()
    await startStep(fake)
    for (let i = 0; i < 20 && within(results()).queryByRole('region', { name: 'Next request' }); i++) {
      const send = within(pending()).getByRole('button', { name: 'Send' }) as HTMLButtonElement
      await waitFor(() => expect(send.disabled).toBe(false))
      fireEvent.click(send)
      await waitFor(() => expect(fake.calls.filter((c) => c.method === 'stepRun').length).toBe(i + 1))
    }
    await waitFor(() => expect(within(results()).getByRole('status', { name: 'Run passed' })).toBeTruthy())
    expect(within(results()).getByText('Okta never sends DELETE: it deactivates the user instead.')).toBeTruthy()
    // The last exchange (the group push of step 6) stays on screen after the end.
    expect(last().textContent).toContain('step 6POST')
    expect(within(last()).getByRole('list', { name: 'Directory changes' }).textContent).toContain('created team Engineering')
  })

  it('keeps the newest state when the stream brings events after the answer (no stale pending request)', async () => {
    const fake = renderScreen(new DelayedStreamFake())
    await startStep(fake)
    ;(fake as DelayedStreamFake).hold = true
    fireEvent.click(within(pending()).getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(pending().textContent).toContain('step 2 of 7'))
    fireEvent.click(within(pending()).getByRole('button', { name: 'Send' }))
    await waitFor(() => expect(pending().textContent).toContain('POST'))
    // Now the stream catches up with the two sends: its pending events are older than what the answers said.
    act(() => (fake as DelayedStreamFake).release())
    expect(pending().textContent).toContain('POST')
    // The lookup of step 2 is in the step in progress, once.
    expect(within(results()).getAllByRole('button', { name: /^GET\/Users\?filter=userName eq/ })).toHaveLength(1)
  })

  it('stops a step run, and the setup comes back', async () => {
    const fake = renderScreen()
    await startStep(fake)
    fireEvent.click(screen.getByRole('button', { name: 'Show setup' }))
    expect(within(setup()).getByRole('button', { name: 'Step' })).toBeTruthy()
    fireEvent.click(within(results()).getByRole('button', { name: 'Stop' }))
    await waitFor(() => expect(within(results()).getByRole('status', { name: 'Run cancelled' })).toBeTruthy())
    expect(within(results()).queryByRole('region', { name: 'Next request' })).toBeNull()
    expect(fake.calls.some((c) => c.method === 'stopRun')).toBe(true)
  })
})
