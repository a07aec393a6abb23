import type { CompValue, Filter } from './ast'

const PRECEDENCE = { or: 1, and: 2 } as const

/**
 * Renders an AST as filter text (RFC 7644 §3.4.2.2) with lowercase operators, JSON literals and only the parentheses
 * the precedence (not > and > or, left-associative) needs, so parseFilter(formatFilter(f)) deep-equals f.
 */
export function formatFilter(filter: Filter): string {
  switch (filter.kind) {
    case 'compare':
      return `${filter.attrPath} ${filter.op} ${formatValue(filter.value)}`
    case 'present':
      return `${filter.attrPath} pr`
    case 'not':
      return `not (${formatFilter(filter.filter)})`
    case 'valuePath':
      return `${filter.attrPath}[${formatFilter(filter.filter)}]`
    case 'and':
    case 'or': {
      const own = PRECEDENCE[filter.kind]
      const left = operand(filter.left, (p) => p < own)
      // Left-associative: a same-precedence right operand was grouped in the source.
      const right = operand(filter.right, (p) => p <= own)
      return `${left} ${filter.kind} ${right}`
    }
  }
}

function operand(f: Filter, needsParens: (precedence: number) => boolean): string {
  const text = formatFilter(f)
  return (f.kind === 'and' || f.kind === 'or') && needsParens(PRECEDENCE[f.kind]) ? `(${text})` : text
}

function formatValue(v: CompValue): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new TypeError(`${v} is not a JSON number`)
    // String(-0) is "0"; "-0" is a JSON number that parses back to -0.
    return Object.is(v, -0) ? '-0' : String(v)
  }
  return JSON.stringify(v)
}
