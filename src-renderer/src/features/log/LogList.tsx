import { logSearchText } from '@shared/log'
import { memo, useCallback, useLayoutEffect, useRef, type KeyboardEvent, type MouseEvent } from 'react'
import { useVirtualizer } from '@tanstack/react-virtual'
import { changesLabel, formatDuration, formatTime, hasSkippedDeprovision, lowerBound, statusTone, type Row } from './log-model'

/** Every row is this tall (CSS says the same): fixed heights keep the virtualiser's arithmetic trivial. */
export const ROW_HEIGHT = 26

export type Order = 'desc' | 'asc'

interface Props {
  view: Row[]
  loadedCount: number
  complete: boolean
  order: Order
  follow: boolean
  onFollowChange(follow: boolean): void
  selectedSeq: number | null
  onSelect(seq: number): void
  onOpen(): void
  onClose(): void
}

export const rowId = (seq: number) => `log-row-${seq}`

/**
 * The request list: a grid of fixed-height rows, only the visible ones in the DOM. With Follow on, the newest row
 * stays in view as entries arrive; scrolling away turns Follow off (and back to the newest edge turns it on, as a
 * terminal does), and while it is off the rows being read stay put when entries arrive above or old ones drop off.
 */
export function LogList({ view, loadedCount, complete, order, follow, onFollowChange, selectedSeq, onSelect, onOpen, onClose }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const gridRef = useRef<HTMLDivElement>(null)
  const n = view.length
  const desc = order === 'desc'
  /** Display index → row. */
  const rowAt = useCallback((i: number) => view[desc ? n - 1 - i : i]!, [view, desc, n])
  /** Row seq → display index (nearest when it is not in the view). */
  const indexOf = useCallback(
    (seq: number) => {
      const a = Math.min(lowerBound(view, seq), n - 1)
      return desc ? n - 1 - a : a
    },
    [view, desc, n],
  )

  const virtualizer = useVirtualizer({
    count: n,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })

  // What the reader is looking at: the row at the top edge and how far into it, kept up to date on scroll.
  const anchor = useRef<{ seq: number; delta: number } | null>(null)
  const latest = useRef({ rowAt, n, follow, desc, onFollowChange })
  latest.current = { rowAt, n, follow, desc, onFollowChange }
  /** Where the list last scrolled itself: the scroll event that lands there is not the user's. */
  const programmatic = useRef<number | null>(null)

  const atNewestEdge = (el: HTMLElement) => (latest.current.desc ? el.scrollTop <= 1 : el.scrollTop + el.clientHeight >= el.scrollHeight - 1)
  const noteAnchor = (el: HTMLElement) => {
    const { rowAt, n } = latest.current
    if (!n) {
      anchor.current = null
      return
    }
    const i = Math.min(n - 1, Math.floor(el.scrollTop / ROW_HEIGHT))
    anchor.current = { seq: rowAt(i).seq, delta: el.scrollTop - i * ROW_HEIGHT }
  }

  const onScroll = () => {
    const el = scrollRef.current
    if (!el) return
    noteAnchor(el)
    if (programmatic.current !== null && Math.abs(el.scrollTop - programmatic.current) < 1) {
      programmatic.current = null
      return
    }
    programmatic.current = null
    const edge = atNewestEdge(el)
    if (latest.current.follow !== edge) latest.current.onFollowChange(edge)
  }

  const scrollTo = (top: number) => {
    const el = scrollRef.current
    if (!el || Math.abs(el.scrollTop - top) < 0.5) return
    el.scrollTop = top
    programmatic.current = el.scrollTop
  }

  // After the rows change (live entries, older pages, trimming, filters, order): follow the newest edge, or keep the
  // anchored row where it was on screen.
  useLayoutEffect(() => {
    const el = scrollRef.current
    if (!el || !n) return
    if (follow) scrollTo(desc ? 0 : n * ROW_HEIGHT - el.clientHeight)
    else if (anchor.current) scrollTo(indexOf(anchor.current.seq) * ROW_HEIGHT + anchor.current.delta)
    noteAnchor(el)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view, order, follow])

  const selectedIndex = selectedSeq === null || !n ? -1 : indexOf(selectedSeq)
  const selectedVisible = selectedIndex >= 0 && rowAt(selectedIndex).seq === selectedSeq

  const reveal = (i: number) => {
    const el = scrollRef.current
    if (!el) return
    const top = i * ROW_HEIGHT
    const height = el.clientHeight || ROW_HEIGHT * 10
    if (top < el.scrollTop) el.scrollTop = top
    else if (top + ROW_HEIGHT > el.scrollTop + height) el.scrollTop = top + ROW_HEIGHT - height
  }

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return
    if (e.key === 'Enter') {
      if (selectedSeq !== null) onOpen()
      e.preventDefault()
      return
    }
    if (e.key === 'Escape') {
      onClose()
      return
    }
    if (!n) return
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight || ROW_HEIGHT * 10) / ROW_HEIGHT) - 1)
    const cur = selectedVisible ? selectedIndex : -1
    let next: number
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        next = cur + 1
        break
      case 'ArrowUp':
      case 'k':
        next = cur < 0 ? 0 : cur - 1
        break
      case 'Home':
        next = 0
        break
      case 'End':
        next = n - 1
        break
      case 'PageDown':
        next = Math.max(cur, 0) + page
        break
      case 'PageUp':
        next = Math.max(cur, 0) - page
        break
      default:
        return
    }
    e.preventDefault()
    next = Math.max(0, Math.min(n - 1, next))
    onSelect(rowAt(next).seq)
    reveal(next)
  }

  const onRowClick = useCallback(
    (e: MouseEvent<HTMLDivElement>) => {
      const seq = Number((e.currentTarget as HTMLElement).dataset.seq)
      if (Number.isInteger(seq)) onSelect(seq)
      gridRef.current?.focus({ preventScroll: true })
    },
    [onSelect],
  )

  // Selection can scroll out of the DOM (virtualised); the active descendant only names a row that exists.
  const items = virtualizer.getVirtualItems()
  const selectedRendered = selectedVisible && items.some((it) => it.index === selectedIndex)

  return (
    <div
      ref={gridRef}
      className="log-list"
      role="grid"
      aria-label="Requests"
      aria-rowcount={n + 1}
      aria-readonly="true"
      tabIndex={0}
      aria-activedescendant={selectedRendered ? rowId(selectedSeq!) : undefined}
      data-loaded-count={loadedCount}
      data-complete={complete ? 'true' : 'false'}
      data-view-count={n}
      onKeyDown={onKeyDown}
    >
      <div className="log-head" role="rowgroup">
        <div className="log-row log-row-head" role="row" aria-rowindex={1}>
          <span role="columnheader" className="c-time">Time</span>
          <span role="columnheader" className="c-method">Method</span>
          <span role="columnheader" className="c-path">Path</span>
          <span role="columnheader" className="c-status">Status</span>
          <span role="columnheader" className="c-dur">ms</span>
          <span role="columnheader" className="c-config">Config</span>
          <span role="columnheader" className="c-source">Source</span>
          <span role="columnheader" className="c-events">Changes</span>
        </div>
      </div>
      <div ref={scrollRef} className="log-scroll" role="rowgroup" onScroll={onScroll}>
        <div className="log-rows" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((it) => {
            const row = rowAt(it.index)
            return <LogRow key={row.seq} row={row} index={it.index} top={it.start} selected={row.seq === selectedSeq} onClick={onRowClick} />
          })}
        </div>
      </div>
    </div>
  )
}

const LogRow = memo(function LogRow({ row, index, top, selected, onClick }: { row: Row; index: number; top: number; selected: boolean; onClick: (e: MouseEvent<HTMLDivElement>) => void }) {
  const shown = logSearchText(row.path, row.query)
  const tone = statusTone(row.status)
  const m = row.method.toLowerCase()
  const skipped = row.eventCount > 0 && hasSkippedDeprovision(row.events)
  return (
    <div
      id={rowId(row.seq)}
      className={`log-row${selected ? ' selected' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-seq={row.seq}
      style={{ transform: `translateY(${top}px)` }}
      onClick={onClick}
    >
      <span role="gridcell" className="c-time mono">{formatTime(row.time)}</span>
      <span role="gridcell" className={`c-method m-${m}`}>{row.method}</span>
      <span role="gridcell" className="c-path mono" title={shown}>{shown}</span>
      <span role="gridcell" className={`c-status st st-${tone}`}>
        {row.status}
      </span>
      <span role="gridcell" className="c-dur mono">{formatDuration(row.durationMs)}</span>
      <span role="gridcell" className="c-config" title={row.configId ?? undefined}>{row.configId ?? ''}</span>
      <span role="gridcell" className={`c-source src-${row.source}`}>{row.source}</span>
      <span role="gridcell" className={`c-events${skipped ? ' skipped' : ''}`} title={skipped ? 'Deprovisioning was skipped (Auto Deprovision is off)' : undefined}>
        {changesLabel(row.eventCount)}
      </span>
    </div>
  )
})
