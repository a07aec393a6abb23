import { describe, expect, it } from 'vitest'
import { coverage } from '../../src-main/core/simulator'

/**
 * Every numbered item of idp-request-patterns.md that concerns a profile's IdP is either reproduced (by a request or a
 * check of some built-in scenario, or by the profile's data) or listed in the profile's NOT_SIMULATED table with a
 * reason. Fails naming each item with neither.
 */
const items = (section: string, n: number) => Array.from({ length: n }, (_, i) => `${section}.${i + 1}`)
const ENTRA = items('b.1', 22)
const OKTA = items('b.2', 14)
const EXPECTED: Record<string, string[]> = { 'entra-legacy': ENTRA, 'entra-flag': ENTRA, 'okta-oin': OKTA, 'okta-aiw': OKTA, rfc7644: [] }

describe('coverage of idp-request-patterns.md', () => {
  const all = coverage()

  it.each(all.map((c) => [c.profile, c] as const))('%s: every item is covered or not simulated with a reason', (profile, c) => {
    const missing = EXPECTED[profile]!.filter((i) => !c.covered[i] && !c.notSimulated[i])
    expect(missing, `items neither covered nor in NOT_SIMULATED: ${missing.join(', ')}`).toEqual([])
    for (const [item, why] of Object.entries(c.notSimulated)) expect(why.length, item).toBeGreaterThan(20)
  })

  it.each(all.map((c) => [c.profile, c] as const))('%s: nothing is both covered and declared not simulated, and no foreign items appear', (profile, c) => {
    expect(Object.keys(c.notSimulated).filter((i) => c.covered[i])).toEqual([])
    const own = new Set(EXPECTED[profile])
    expect([...Object.keys(c.covered), ...Object.keys(c.notSimulated)].filter((i) => !own.has(i))).toEqual([])
  })

  it('the Entra dialects differ where the reference says they do', () => {
    const legacy = all.find((c) => c.profile === 'entra-legacy')!
    const flag = all.find((c) => c.profile === 'entra-flag')!
    expect(flag.covered['b.1.6']).toBeDefined()
    expect(legacy.covered['b.1.6']).toBeUndefined()
    expect(legacy.notSimulated['b.1.6']).toContain('entra-flag')
    expect(all.find((c) => c.profile === 'okta-aiw')!.covered['b.2.5']).toBeUndefined()
  })

  it('the check itself can fail: an item nobody covers is reported', () => {
    const c: { covered: Record<string, string[]>; notSimulated: Record<string, string> } = { covered: {}, notSimulated: { 'b.1.2': 'a reason long enough to count' } }
    expect(['b.1.1', 'b.1.2'].filter((i) => !c.covered[i] && !c.notSimulated[i])).toEqual(['b.1.1'])
  })
})
