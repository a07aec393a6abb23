import { useEffect, useState } from 'react'
import { Button } from './primitives'

/**
 * Lazy rendering for long tables: the first `page` rows, then "Show more". Goes back to one page when the list's
 * identity key changes (a new search), not when the rows refresh live.
 */
export function useShowMore<T>(rows: readonly T[], page = 500, resetKey: unknown = null) {
  const [limit, setLimit] = useState(page)
  useEffect(() => setLimit(page), [resetKey, page])
  return {
    visible: rows.length > limit ? rows.slice(0, limit) : rows,
    remaining: Math.max(0, rows.length - limit),
    more: () => setLimit((l) => l + page),
    all: () => setLimit(rows.length),
    page,
  }
}

/** "Show all" is offered only while all still renders in well under a second; beyond that, filter or page on. */
const SHOW_ALL_MAX = 2000

export function ShowMoreRow({ remaining, page, onMore, onAll, what }: { remaining: number; page: number; onMore: () => void; onAll: () => void; what: string }) {
  if (!remaining) return null
  return (
    <div className="show-more">
      <span className="muted">
        {remaining.toLocaleString('en-US')} more {what} not shown
      </span>
      <Button size="sm" onClick={onMore}>
        Show {Math.min(page, remaining).toLocaleString('en-US')} more
      </Button>
      {remaining > page && remaining <= SHOW_ALL_MAX ? (
        <Button size="sm" variant="ghost" onClick={onAll}>
          Show all
        </Button>
      ) : null}
    </div>
  )
}
