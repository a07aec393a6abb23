import { useId, useRef, type ReactNode } from 'react'
import './extras.css'

export interface TabDef<T extends string> {
  id: T
  label: ReactNode
}

/** An accessible tab strip (arrow keys move between tabs); the panel is rendered by the caller with `tabPanelProps`. */
export function Tabs<T extends string>({ tabs, value, onChange, label }: { tabs: readonly TabDef<T>[]; value: T; onChange: (id: T) => void; label: string }) {
  const base = useId()
  const refs = useRef<(HTMLButtonElement | null)[]>([])
  return (
    <div className="ui-tabs" role="tablist" aria-label={label}>
      {tabs.map((t, i) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[i] = el
          }}
          type="button"
          role="tab"
          id={`${base}-${t.id}`}
          aria-selected={value === t.id}
          tabIndex={value === t.id ? 0 : -1}
          className={`ui-tab ${value === t.id ? 'ui-tab-active' : ''}`}
          onClick={() => onChange(t.id)}
          onKeyDown={(e) => {
            const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
            if (!d) return
            e.preventDefault()
            const next = (i + d + tabs.length) % tabs.length
            onChange(tabs[next].id)
            refs.current[next]?.focus()
          }}
        >
          {t.label}
        </button>
      ))}
    </div>
  )
}
