import { lazy, Suspense, useEffect, type ReactNode } from 'react'
import { ConfigsScreen } from '../features/configs/ConfigsScreen'
import { DirectoryScreen } from '../features/directory/DirectoryScreen'
import { LogScreen } from '../features/log/LogScreen'
import { SettingsScreen } from '../features/settings/SettingsScreen'
import { Loading } from '../ui/primitives'
import { useLive } from './client-context'
import { useLiveState } from './live'
import { SCREENS, useNav, type ScreenId } from './nav'

// Loaded when first opened: the simulator's screen is the largest, and most sessions start on the log.
const ScenariosScreen = lazy(() => import('../features/scenarios/ScenariosScreen').then((m) => ({ default: m.ScenariosScreen })))

const SCREEN_VIEWS: Record<ScreenId, () => ReactNode> = {
  log: () => <LogScreen />,
  configs: () => <ConfigsScreen />,
  directory: () => <DirectoryScreen />,
  settings: () => <SettingsScreen />,
  scenarios: () => (
    <Suspense fallback={<Loading what="Scenarios" />}>
      <ScenariosScreen />
    </Suspense>
  ),
}

// An inline SVG rather than a glyph: symbol fonts differ by OS, and a missing one draws a box.
function BrandMark() {
  return (
    <svg className="brand-mark" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
      <rect x="1.5" y="1.5" width="9" height="9" rx="2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="5.5" y="5.5" width="9" height="9" rx="2" fill="currentColor" opacity="0.35" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  )
}

/** The window: a narrow sidebar of screens and the current screen. Alt+1…5 switch screens. */
export function App() {
  const { screen, go } = useNav()
  const live = useLive()
  const state = useLiveState(live)

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return
      const s = SCREENS.find((x) => x.key === e.key)
      if (s) {
        e.preventDefault()
        go(s.id)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [go])

  return (
    <div className="app">
      <nav className="sidebar" aria-label="Screens">
        <div className="brand">
          <BrandMark /> SCIM Sandbox
        </div>
        <ul>
          {SCREENS.map((s) => (
            <li key={s.id}>
              <button
                type="button"
                className={`nav-item ${screen === s.id ? 'active' : ''}`}
                aria-current={screen === s.id ? 'page' : undefined}
                title={`${s.label} (Alt+${s.key})`}
                onClick={() => go(s.id)}
              >
                {s.label}
              </button>
            </li>
          ))}
        </ul>
        <div className={`live-state live-${state}`} role="status" title="The live stream from the sandbox">
          <span className="dot" aria-hidden="true" />
          {state === 'open' ? 'Live' : state === 'connecting' ? 'Reconnecting…' : 'Offline'}
        </div>
      </nav>
      <main className="screen" aria-label={SCREENS.find((s) => s.id === screen)?.label}>
        {SCREEN_VIEWS[screen]()}
      </main>
    </div>
  )
}
