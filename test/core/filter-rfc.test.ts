import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatFilter, matchesFilter, parseFilter } from '../../src-main/core/filter'
import { userResourceSchema } from '../../src-main/core/schema/registry'

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8'))

interface Case {
  filter: string
  formatted: string
  expected: Record<string, boolean>
}
const { cases } = fixture('rfc7644-filters.json') as { cases: Case[] }
const users = fixture('filter-users.json') as Record<string, Record<string, unknown>>

describe('RFC 7644 §3.4.2.2 filter examples (test/fixtures/rfc7644-filters.json)', () => {
  it('covers all 17 examples, each true for some user and false for another', () => {
    expect(cases).toHaveLength(17)
    for (const c of cases) {
      const outcomes = Object.values(c.expected)
      expect(outcomes, c.filter).toContain(true)
      expect(outcomes, c.filter).toContain(false)
    }
  })

  describe.each(cases)('$filter', (c) => {
    it('parses in both modes and formats to the expected text', () => {
      const ast = parseFilter(c.filter)
      expect(parseFilter(c.filter, { compatibility: 'strict' })).toEqual(ast)
      expect(formatFilter(ast)).toBe(c.formatted)
      expect(parseFilter(c.formatted)).toEqual(ast)
    })

    it.each(Object.entries(c.expected))('matches %s: %s', (user, expected) => {
      expect(matchesFilter(parseFilter(c.filter), users[user]!, userResourceSchema)).toBe(expected)
    })
  })

  it('accepts the examples with the line breaks of the RFC text', () => {
    const wrapped = 'userType eq "Employee" and emails[type eq "work" and\n  value co "@example.com"]'
    expect(parseFilter(wrapped)).toEqual(parseFilter(wrapped.replace('\n  ', ' ')))
  })
})
