import { create } from 'zustand'

export const SCREENS = [
  { id: 'log', label: 'Live log', key: '1' },
  { id: 'configs', label: 'Configs & tokens', key: '2' },
  { id: 'directory', label: 'Directory', key: '3' },
  { id: 'settings', label: 'Settings', key: '4' },
  { id: 'scenarios', label: 'Scenarios', key: '5' },
] as const
export type ScreenId = (typeof SCREENS)[number]['id']

const isScreen = (s: string): s is ScreenId => SCREENS.some((x) => x.id === s)

/** The current screen lives in the URL hash, so a reload (or a link in a bug report) opens the same screen. */
export function screenFromHash(hash: string): ScreenId {
  const s = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? ''
  return isScreen(s) ? s : 'log'
}

interface NavState {
  screen: ScreenId
  go(screen: ScreenId): void
}

export const useNav = create<NavState>((set) => ({
  screen: typeof location === 'undefined' ? 'log' : screenFromHash(location.hash),
  go(screen) {
    if (typeof history !== 'undefined') history.replaceState(null, '', `#/${screen}`)
    set({ screen })
  },
}))
