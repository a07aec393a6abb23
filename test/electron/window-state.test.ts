import { describe, expect, it } from 'vitest'
import { DEFAULT_SIZE, parseWindowState, placeWindow, serializeWindowState } from '../../src-main/electron/window-state'

const laptop = { x: 0, y: 0, width: 1440, height: 875 }
const external = { x: 1440, y: -200, width: 2560, height: 1400 }

describe('window state: parsing the saved file', () => {
  it('reads what it writes', () => {
    const s = { x: 10, y: 20, width: 1000, height: 700, maximized: true }
    expect(parseWindowState(serializeWindowState(s))).toEqual(s)
  })

  it('maximized defaults to false for an older file without it', () => {
    expect(parseWindowState('{"x":1,"y":2,"width":1000,"height":700}')).toEqual({ x: 1, y: 2, width: 1000, height: 700, maximized: false })
  })

  it.each([
    ['no file', undefined],
    ['empty', ''],
    ['truncated JSON', '{"x":1,"y":2,"wid'],
    ['not an object', '[1,2,3]'],
    ['null', 'null'],
    ['missing height', '{"x":1,"y":2,"width":1000}'],
    ['string numbers', '{"x":"1","y":2,"width":1000,"height":700}'],
    ['zero size', '{"x":1,"y":2,"width":0,"height":700}'],
    ['fractions', '{"x":1.5,"y":2,"width":1000,"height":700}'],
    ['absurd coordinates', '{"x":1e12,"y":2,"width":1000,"height":700}'],
    ['maximized not a boolean', '{"x":1,"y":2,"width":1000,"height":700,"maximized":"yes"}'],
  ])('ignores a corrupt or foreign file: %s', (_name, text) => {
    expect(parseWindowState(text)).toBeUndefined()
  })
})

describe('window state: placing the window on the displays there are now', () => {
  it('no saved state → centered default size (no x/y), not maximized', () => {
    expect(placeWindow(undefined, [laptop])).toEqual({ ...DEFAULT_SIZE, maximized: false })
  })

  it('keeps saved bounds that are fully on a display', () => {
    expect(placeWindow({ x: 100, y: 50, width: 1200, height: 700, maximized: false }, [laptop])).toEqual({ x: 100, y: 50, width: 1200, height: 700, maximized: false })
  })

  it('keeps a window on a second display with negative coordinates', () => {
    const s = { x: 1500, y: -150, width: 1600, height: 900, maximized: true }
    expect(placeWindow(s, [laptop, external])).toEqual(s)
  })

  it('falls back to centered 1280×800 when the saved bounds are off every display (monitor unplugged)', () => {
    expect(placeWindow({ x: 1600, y: 100, width: 1200, height: 800, maximized: false }, [laptop])).toEqual({ width: 1280, height: 800, maximized: false })
    expect(placeWindow({ x: -5000, y: -5000, width: 1200, height: 800, maximized: true }, [laptop, external])).toEqual({ width: 1280, height: 800, maximized: true })
  })

  it('falls back when only a sliver (less than a title bar to grab) would show', () => {
    expect(placeWindow({ x: 1440 - 40, y: 100, width: 1200, height: 800, maximized: false }, [laptop])).toEqual({ width: 1280, height: 800, maximized: false })
    expect(placeWindow({ x: 100, y: 875 - 20, width: 1200, height: 800, maximized: false }, [laptop])).toEqual({ width: 1280, height: 800, maximized: false })
  })

  it('pulls a partly off-screen window back inside the display it mostly lies on', () => {
    expect(placeWindow({ x: 1000, y: 500, width: 1200, height: 800, maximized: false }, [laptop])).toEqual({ x: 240, y: 75, width: 1200, height: 800, maximized: false })
  })

  it('shrinks a window bigger than its display (saved on a larger monitor)', () => {
    expect(placeWindow({ x: 0, y: 0, width: 2400, height: 1300, maximized: false }, [laptop])).toEqual({ x: 0, y: 0, width: 1440, height: 875, maximized: false })
  })

  it('with no displays reported, the default', () => {
    expect(placeWindow({ x: 0, y: 0, width: 1000, height: 700, maximized: false }, [])).toEqual({ width: 1280, height: 800, maximized: false })
  })
})
