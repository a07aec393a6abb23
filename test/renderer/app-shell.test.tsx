import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { FakeControlClient } from '../../src-renderer/src/api/fake'
import { App } from '../../src-renderer/src/app/App'
import { ClientProvider } from '../../src-renderer/src/app/client-context'
import { screenFromHash, useNav } from '../../src-renderer/src/app/nav'

describe('app shell', () => {
  it('lists the five screens and switches between them by click and by Alt+number', () => {
    useNav.setState({ screen: 'log' })
    render(
      <ClientProvider client={new FakeControlClient()}>
        <App />
      </ClientProvider>,
    )
    const nav = screen.getByRole('navigation', { name: 'Screens' })
    expect([...nav.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Live log', 'Configs & tokens', 'Directory', 'Settings', 'Scenarios'])
    fireEvent.click(screen.getByRole('button', { name: 'Directory' }))
    expect(screen.getByRole('button', { name: 'Directory' }).getAttribute('aria-current')).toBe('page')
    expect(location.hash).toBe('#/directory')
    fireEvent.keyDown(window, { key: '4', altKey: true })
    expect(screen.getByRole('button', { name: 'Settings' }).getAttribute('aria-current')).toBe('page')
    fireEvent.keyDown(window, { key: '5', altKey: true })
    expect(screen.getByRole('button', { name: 'Scenarios' }).getAttribute('aria-current')).toBe('page')
    expect(location.hash).toBe('#/scenarios')
  })

  it('reads the screen from the URL hash, falling back to the live log', () => {
    expect(screenFromHash('#/configs')).toBe('configs')
    expect(screenFromHash('#/scenarios')).toBe('scenarios')
    expect(screenFromHash('#/nope')).toBe('log')
    expect(screenFromHash('')).toBe('log')
  })
})
