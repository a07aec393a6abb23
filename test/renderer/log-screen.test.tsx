import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { StreamListener, StreamState } from '../../src-renderer/src/api/client'
import { ControlApiError } from '../../src-renderer/src/api/client'
import { fakeEntry, FakeControlClient } from '../../src-renderer/src/api/fake'
import { ClientProvider } from '../../src-renderer/src/app/client-context'
import { LogScreen } from '../../src-renderer/src/features/log/LogScreen'
import type { LogEntry } from '../../src-shared/log'

const saveTextFile = vi.hoisted(() => vi.fn(async (name: string, _content: string) => name as string | null))
vi.mock('../../src-renderer/src/api/connection', () => ({ saveTextFile }))

// jsdom does no layout: give the list's scroller a size so the virtualiser has a viewport (520 px = 20 rows) to fill.
const sizes = { clientHeight: 520, clientWidth: 1000 } as const
const real = Object.fromEntries(Object.keys(sizes).map((k) => [k, Object.getOwnPropertyDescriptor(Element.prototype, k)!]))
beforeAll(() => {
  for (const [k, v] of Object.entries(sizes)) {
    Object.defineProperty(HTMLElement.prototype, k, {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('log-scroll') ? v : 0
      },
    })
  }
})
afterAll(() => {
  for (const k of Object.keys(sizes)) {
    delete (HTMLElement.prototype as unknown as Record<string, unknown>)[k]
    void real[k]
  }
})
const writeText = vi.fn(async (_text: string) => {})
beforeEach(() => {
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
  writeText.mockClear()
  saveTextFile.mockClear()
})
afterEach(() => {
  vi.useRealTimers()
})

/** The fake, plus control of the stream's state and entries that reach the log without the stream (a gap). */
class StreamFake extends FakeControlClient {
  streamListeners: StreamListener[] = []
  override subscribe(l: StreamListener) {
    this.streamListeners.push(l)
    return super.subscribe(l)
  }
  setStreamState(s: StreamState) {
    for (const l of this.streamListeners) l.state?.(s)
  }
  /** Logged while the stream was down: in the server's log, never pushed. */
  logQuietly(...partial: Partial<LogEntry>[]) {
    let seq = Math.max(0, ...this.entries.map((e) => e.seq))
    this.entries.push(...partial.map((p) => fakeEntry(++seq, p)))
  }
}

function renderLog(fake: FakeControlClient = new StreamFake()) {
  const r = render(
    <ClientProvider client={fake}>
      <LogScreen />
    </ClientProvider>,
  )
  return { fake, ...r }
}
const grid = () => screen.getByRole('grid', { name: 'Requests' })
const dataRows = () => within(grid()).queryAllByRole('row').filter((r) => r.dataset.seq)
const seqs = () => dataRows().map((r) => Number(r.dataset.seq))
const count = () => document.querySelector('.log-count')!.textContent

const SAMPLE: Partial<LogEntry>[] = [
  { method: 'GET', path: '/scim/v2/acme-okta/Users', query: 'filter=userName%20eq%20%22alice%40acme.test%22', status: 200 },
  {
    method: 'POST',
    path: '/scim/v2/acme-okta/Users',
    status: 201,
    requestHeaders: { host: '127.0.0.1:7643', authorization: 'Bearer tok-a…[redacted]', 'content-type': 'application/scim+json', 'content-length': '80' },
    requestBody: { text: '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"it\'s@acme.test","active":true}', truncated: false, size: 95 },
    responseBody: { text: '{"id":"u1","userName":"it\'s@acme.test","active":true}', truncated: false, size: 52 },
    events: [
      { type: 'account.linked', message: "linked it's@acme.test to account acc-1" },
      { type: 'team.member.added', message: "added it's@acme.test to team Engineering" },
    ],
  },
  { method: 'PATCH', path: '/scim/v2/acme-okta/Users/u1', status: 200, source: 'simulator', events: [{ type: 'deprovision.skipped', message: 'auto deprovisioning is off: memberships kept' }] },
  { method: 'GET', path: '/status-page-scim/v2/acme-status/Users/nope', status: 404, configId: 'acme-status', surface: 'status-page-scim' },
  { method: 'DELETE', path: '/scim/v2/acme-okta/Groups/g1', status: 500, source: 'ui' },
]

async function loaded(fake: FakeControlClient, n: number) {
  renderLog(fake)
  await waitFor(() => expect(dataRows()).toHaveLength(n))
}

describe('live log screen', () => {
  it('shows the newest page at once, newest first, with every column', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    await loaded(fake, 5)
    expect(seqs()).toEqual([5, 4, 3, 2, 1])
    expect(count()).toBe('5 entries')
    const post = dataRows().find((r) => r.dataset.seq === '2')!
    const cells = within(post).getAllByRole('gridcell').map((c) => c.textContent)
    expect(cells[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3}$/)
    expect(cells.slice(1)).toEqual(['POST', '/scim/v2/acme-okta/Users', '201', '1.5', 'acme-okta', 'external', '2 changes'])
    expect(within(post).getByText('POST').className).toContain('m-post')
    expect(within(post).getByText('201').className).toContain('st-ok')
    // The query is decoded for reading, and the full text is in the title.
    const get = dataRows().find((r) => r.dataset.seq === '1')!
    expect(within(get).getByTitle('/scim/v2/acme-okta/Users?filter=userName eq "alice@acme.test"')).toBeTruthy()
    expect(within(dataRows().find((r) => r.dataset.seq === '4')!).getByText('404').className).toContain('st-warn')
    expect(grid().dataset.loadedCount).toBe('5')
    expect(grid().dataset.complete).toBe('true')
  })

  it('adds entries pushed by the stream without a reload, and catches up after a reconnect', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    await loaded(fake, 5)
    const pages = fake.calls.filter((c) => c.method === 'logPage').length
    act(() => void fake.log({ method: 'PUT', path: '/scim/v2/acme-okta/Users/u9' }))
    expect(seqs()).toEqual([6, 5, 4, 3, 2, 1])
    expect(count()).toBe('6 entries')
    expect(fake.calls.filter((c) => c.method === 'logPage')).toHaveLength(pages)

    // The stream drops; two requests arrive meanwhile; when it is back, the screen asks for what it missed.
    act(() => fake.setStreamState('connecting'))
    expect(screen.getByText('Reconnecting…')).toBeTruthy()
    fake.logQuietly({ path: '/scim/v2/acme-okta/Groups' }, { path: '/scim/v2/acme-okta/Schemas' })
    act(() => fake.setStreamState('open'))
    await waitFor(() => expect(seqs()).toEqual([8, 7, 6, 5, 4, 3, 2, 1]))
    expect(fake.calls.at(-1)).toMatchObject({ method: 'logPage', args: [{ after: 6 }] })
  })

  it('loads older pages in the background until the whole log is in memory', async () => {
    const fake = new StreamFake()
    fake.logQuietly(...Array.from({ length: 2300 }, (_, i) => ({ path: `/scim/v2/acme-okta/Users/u${i}` })))
    renderLog(fake)
    await waitFor(() => expect(grid().dataset.complete).toBe('true'))
    expect(grid().dataset.loadedCount).toBe('2300')
    expect(count()).toBe('2,300 entries')
    const pageCalls = fake.calls.filter((c) => c.method === 'logPage').map((c) => c.args[0])
    expect(pageCalls[0]).toEqual({ limit: 1000 })
    expect(pageCalls[1]).toEqual({ before: 1301, limit: 5000 })
    // Filters see the old entries too, with no request.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Path' }), { target: { value: 'users/u7' } })
    await waitFor(() => expect(count()).toBe('111 of 2,300 entries'))
    expect(fake.calls.filter((c) => c.method === 'logPage')).toHaveLength(pageCalls.length)
  })

  it('narrows the rows with each filter, and Clear filters brings them back', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    await loaded(fake, 5)

    fireEvent.change(screen.getByRole('combobox', { name: 'Method' }), { target: { value: 'POST' } })
    expect(seqs()).toEqual([2])
    expect(count()).toBe('1 of 5 entries')
    fireEvent.change(screen.getByRole('combobox', { name: 'Method' }), { target: { value: '' } })

    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: '4xx' } })
    expect(seqs()).toEqual([4])
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: '5xx' } })
    expect(seqs()).toEqual([5])
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: '' } })

    // Path text matches the decoded query too, case-insensitively, after a short pause.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Path' }), { target: { value: 'ALICE@acme' } })
    await waitFor(() => expect(seqs()).toEqual([1]))
    expect(count()).toBe('1 of 5 entries')
    fireEvent.change(screen.getByRole('searchbox', { name: 'Path' }), { target: { value: '/users' } })
    await waitFor(() => expect(seqs()).toEqual([4, 3, 2, 1]))
    fireEvent.change(screen.getByRole('searchbox', { name: 'Path' }), { target: { value: '' } })
    await waitFor(() => expect(seqs()).toHaveLength(5))

    // Configs come from the log and from the workspace's configs; IAM tenants (whose requests carry the tenant id) too.
    const config = screen.getByRole('combobox', { name: 'Config' })
    await waitFor(() => expect(within(config).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['', 'acme-okta', 'acme-status', 'tenant-1']))
    expect(within(config).getByRole('option', { name: 'tenant-1 (IAM tenant Demo tenant)' })).toBeTruthy()
    fireEvent.change(config, { target: { value: 'acme-status' } })
    expect(seqs()).toEqual([4])
    fireEvent.change(config, { target: { value: '' } })

    fireEvent.change(screen.getByRole('combobox', { name: 'Source' }), { target: { value: 'simulator' } })
    expect(seqs()).toEqual([3])
    // A live entry that does not match stays out; one that does comes in.
    act(() => void fake.log({ source: 'external' }, { source: 'simulator', method: 'PUT' }))
    expect(seqs()).toEqual([7, 3])
    expect(count()).toBe('2 of 7 entries')

    fireEvent.change(screen.getByRole('combobox', { name: 'Method' }), { target: { value: 'DELETE' } })
    expect(screen.getByText('No matches for these filters')).toBeTruthy()
    fireEvent.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]!)
    expect(seqs()).toHaveLength(7)
    expect(count()).toBe('7 entries')
  })

  it('moves the selection with the keyboard and shows the exchange in full', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    await loaded(fake, 5)
    const g = grid()
    g.focus()
    fireEvent.keyDown(g, { key: 'ArrowDown' })
    expect(dataRows()[0]!.getAttribute('aria-selected')).toBe('true')
    expect(g.getAttribute('aria-activedescendant')).toBe('log-row-5')
    fireEvent.keyDown(g, { key: 'j' })
    fireEvent.keyDown(g, { key: 'ArrowDown' })
    fireEvent.keyDown(g, { key: 'ArrowDown' })
    fireEvent.keyDown(g, { key: 'ArrowDown' })
    fireEvent.keyDown(g, { key: 'k' })
    expect(g.getAttribute('aria-activedescendant')).toBe('log-row-2')

    const detail = await screen.findByRole('region', { name: 'Request #2' })
    await within(detail).findByText('http://127.0.0.1:7643/scim/v2/acme-okta/Users')
    expect(within(detail).getByText('201 Created')).toBeTruthy()
    // Request: headers as logged (the token arrives redacted, and says so), the body pretty-printed.
    const auth = within(detail).getByText('authorization').closest('tr')!
    expect(auth.textContent).toContain('Bearer tok-a…[redacted]')
    expect(within(auth).getByText('redacted')).toBeTruthy()
    expect(within(within(detail).getByText('content-type').closest('tr')!).queryByText('redacted')).toBeNull()
    const reqBody = within(detail).getByRole('region', { name: 'Request body' }).querySelector('pre')!
    expect(reqBody.textContent).toBe(JSON.stringify(JSON.parse(SAMPLE[1]!.requestBody!.text), null, 2))
    expect(reqBody.querySelector('.j-key')?.textContent).toBe('"schemas"')

    fireEvent.click(within(detail).getByRole('tab', { name: 'Response' }))
    expect(within(detail).getByRole('region', { name: 'Response body' }).querySelector('pre')!.textContent).toBe('{\n  "id": "u1",\n  "userName": "it\'s@acme.test",\n  "active": true\n}')

    fireEvent.click(within(detail).getByRole('tab', { name: 'Changes (2)' }))
    const changes = within(detail).getByRole('list', { name: 'State changes' })
    expect(within(changes).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      "account.linkedlinked it's@acme.test to account acc-1",
      "team.member.addedadded it's@acme.test to team Engineering",
    ])

    // Escape closes the detail; Enter opens it again; Home and End jump.
    fireEvent.keyDown(g, { key: 'Escape' })
    expect(screen.queryByRole('region', { name: 'Request #2' })).toBeNull()
    fireEvent.keyDown(g, { key: 'Enter' })
    expect(screen.getByRole('region', { name: 'Request #2' })).toBeTruthy()
    fireEvent.keyDown(g, { key: 'End' })
    expect(g.getAttribute('aria-activedescendant')).toBe('log-row-1')
    fireEvent.keyDown(g, { key: 'Home' })
    expect(g.getAttribute('aria-activedescendant')).toBe('log-row-5')

    // The skipped deprovisioning stands out, in the list and in the detail.
    const patch = dataRows().find((r) => r.dataset.seq === '3')!
    expect(within(patch).getByText('1 change').className).toContain('skipped')
    fireEvent.click(patch)
    const d3 = await screen.findByRole('region', { name: 'Request #3' })
    await within(d3).findByText('deprovision.skipped')
    expect(within(d3).getByText('deprovision.skipped').closest('li')!.className).toContain('skipped')
    // Escape inside the detail closes it too, and the keyboard is back on the list.
    fireEvent.keyDown(within(d3).getByRole('tab', { name: /Changes/ }), { key: 'Escape' })
    expect(screen.queryByRole('region', { name: 'Request #3' })).toBeNull()
    expect(document.activeElement).toBe(grid())
    // An entry with no events says so.
    fireEvent.click(dataRows().find((r) => r.dataset.seq === '1')!)
    const d1 = await screen.findByRole('region', { name: 'Request #1' })
    expect(await within(d1).findByText('No state changes')).toBeTruthy()
  })

  it('says an entry has left the log when its detail is gone (404)', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    await loaded(fake, 5)
    fake.entries = fake.entries.filter((e) => e.seq !== 4)
    fireEvent.click(dataRows().find((r) => r.dataset.seq === '4')!)
    expect(await screen.findByText('This entry has left the log (capacity 20,000)')).toBeTruthy()
  })

  it('shows a detail error as the server said it, with Retry', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    await loaded(fake, 5)
    fake.failNext('logEntry', new ControlApiError(500, 'log file unreadable'))
    fireEvent.click(dataRows()[0]!)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('log file unreadable')
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByText('500 Internal Server Error')).toBeTruthy()
  })

  it('shows a failing first page as an error, and Retry loads it', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    fake.failNext('logPage', new ControlApiError(500, 'the log is on fire'))
    renderLog(fake)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('The sandbox answered 500')
    expect(alert.textContent).toContain('the log is on fire')
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(dataRows()).toHaveLength(5))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('says how to get requests when the log is empty', async () => {
    renderLog(new StreamFake())
    expect(await screen.findByText('No requests yet')).toBeTruthy()
    expect(await screen.findByText('http://127.0.0.1:7643/scim/v2/acme-okta')).toBeTruthy()
    expect(screen.getByRole('button', { name: /Copy the base URL/ })).toBeTruthy()
  })

  it('asks before clearing the log, then clears it', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    await loaded(fake, 5)
    fireEvent.click(screen.getByRole('button', { name: 'Clear log' }))
    const dialog = screen.getByRole('dialog', { name: 'Clear the request log?' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(fake.calls.some((c) => c.method === 'clearLog')).toBe(false)
    expect(dataRows()).toHaveLength(5)

    fireEvent.click(screen.getByRole('button', { name: 'Clear log' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Clear log' }))
    expect(await screen.findByText('No requests yet')).toBeTruthy()
    expect(fake.calls.filter((c) => c.method === 'clearLog')).toHaveLength(1)
    expect(screen.queryByRole('dialog')).toBeNull()
    // New requests still arrive after a clear.
    act(() => void fake.log({ method: 'GET' }))
    await waitFor(() => expect(seqs()).toEqual([6]))
  })

  it('shows a failed clear as an error and keeps the rows', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    await loaded(fake, 5)
    fake.failNext('clearLog', new ControlApiError(500, 'disk full'))
    fireEvent.click(screen.getByRole('button', { name: 'Clear log' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Clear log' }))
    expect((await screen.findByRole('alert')).textContent).toContain('disk full')
    expect(dataRows()).toHaveLength(5)
  })

  it('exports HAR with the current filters', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    await loaded(fake, 5)
    fireEvent.change(screen.getByRole('combobox', { name: 'Status' }), { target: { value: '4xx' } })
    fireEvent.change(screen.getByRole('combobox', { name: 'Source' }), { target: { value: 'external' } })
    fireEvent.change(screen.getByRole('searchbox', { name: 'Path' }), { target: { value: 'users' } })
    await waitFor(() => expect(document.querySelector('.log-count')!.getAttribute('data-filters')).toContain('"path":"users"'))
    fireEvent.click(screen.getByRole('button', { name: 'Export HAR' }))
    await waitFor(() => expect(saveTextFile).toHaveBeenCalledTimes(1))
    expect(fake.calls.find((c) => c.method === 'logHar')!.args[0]).toEqual({ status: '4xx', source: 'external', path: 'users' })
    const [name, content] = saveTextFile.mock.calls[0]!
    expect(name).toMatch(/^scim-sandbox-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.har$/)
    expect(JSON.parse(content).log.version).toBe('1.2')
    expect(await screen.findByText(`Saved 0 entries to ${name}`)).toBeTruthy()
  })

  it('copies a request as curl (token as logged) and the response body', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    await loaded(fake, 5)
    fireEvent.click(dataRows().find((r) => r.dataset.seq === '2')!)
    const detail = await screen.findByRole('region', { name: 'Request #2' })
    const curl = await within(detail).findByRole('button', { name: 'Copy as curl' })
    expect(curl.getAttribute('title')).toContain('The token is redacted: paste yours')
    fireEvent.click(curl)
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1))
    expect(writeText.mock.calls[0]![0]).toBe(
      [
        "curl 'http://127.0.0.1:7643/scim/v2/acme-okta/Users'",
        '-X POST',
        "-H 'authorization: Bearer tok-a…[redacted]'",
        "-H 'content-type: application/scim+json'",
        `--data-raw '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"it'\\''s@acme.test","active":true}'`,
      ].join(' \\\n  '),
    )
    expect(await within(curl).findByText('Copied')).toBeTruthy()
    fireEvent.click(within(detail).getByRole('button', { name: 'Copy response body' }))
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith(SAMPLE[1]!.responseBody!.text))
  })

  it('turns Follow off when the user scrolls away from the newest row, and on again back there', async () => {
    const fake = new StreamFake()
    fake.log(...Array.from({ length: 60 }, () => ({})))
    await loaded(fake, 32) // 20 visible + 12 overscan
    const follow = screen.getByRole('checkbox', { name: 'Follow' }) as HTMLInputElement
    expect(follow.checked).toBe(true)
    const scroller = document.querySelector('.log-scroll') as HTMLElement
    scroller.scrollTop = 520
    fireEvent.scroll(scroller)
    expect(follow.checked).toBe(false)
    // While not following, the rows being read stay put as new ones arrive above them.
    act(() => void fake.log({}, {}))
    expect(scroller.scrollTop).toBe(520 + 2 * 26)
    scroller.scrollTop = 0
    fireEvent.scroll(scroller)
    expect(follow.checked).toBe(true)
  })

  it('pages with PageUp/PageDown, and lists oldest first on request', async () => {
    const fake = new StreamFake()
    fake.log(...Array.from({ length: 60 }, () => ({})))
    await loaded(fake, 32)
    const g = grid()
    fireEvent.keyDown(g, { key: 'ArrowDown' })
    expect(g.getAttribute('aria-activedescendant')).toBe('log-row-60')
    // 520 px of 26 px rows: a page is 19 rows (one stays in view).
    fireEvent.keyDown(g, { key: 'PageDown' })
    expect(g.getAttribute('aria-activedescendant')).toBe('log-row-41')
    fireEvent.keyDown(g, { key: 'PageUp' })
    expect(g.getAttribute('aria-activedescendant')).toBe('log-row-60')
    fireEvent.click(screen.getByRole('button', { name: /Newest first/ }))
    expect(seqs().slice(0, 3)).toEqual([1, 2, 3])
    fireEvent.click(screen.getByRole('button', { name: /Oldest first/ }))
    expect(seqs().slice(0, 3)).toEqual([60, 59, 58])
  })

  it('"/" focuses the path filter', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    await loaded(fake, 5)
    grid().focus()
    fireEvent.keyDown(grid(), { key: '/' })
    expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Path' }))
  })

  it('reloads when the workspace is replaced', async () => {
    const fake = new StreamFake()
    fake.log(...SAMPLE)
    await loaded(fake, 5)
    fake.entries = fake.entries.slice(0, 2)
    act(() => fake.emitWorkspaceReplaced())
    await waitFor(() => expect(seqs()).toEqual([2, 1]))
  })
})
