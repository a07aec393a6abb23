import { ScimError, type ScimType } from '../errors'
import { COMPARE_OPS, MAX_FILTER_LENGTH, type CompareOp, type CompValue, type Filter, type ParseOptions, type PatchPath } from './ast'
import { isAttrName, isAttrPath } from './attr-path'
import { Lexer, type Token } from './lexer'

/*
 * Hand-written tokenizer + recursive descent rather than regular expressions or a generated parser, because:
 * - one grammar serves both `filter=` and PATCH paths (RFC 7644 §3.5.2 reuses valuePath and valFilter);
 * - the AST keeps attribute paths as written so the evaluator can resolve them against the schema (caseExact,
 *   types, extensions) and the store can plan index lookups from it;
 * - every error names its position and what was expected there, which is what a sandbox user needs to see;
 * - Entra's extensions (a `.subAttr` comparison after a value filter, unquoted values) slot in at exactly one place.
 *
 * Grammar (RFC 7644 §3.4.2.2 with errata 4690/7322 for valFilter), precedence not > and > or, both left-associative:
 *   filter   = or EOF
 *   or       = and *("or" and)
 *   and      = unary *("and" unary)
 *   unary    = "not" "(" or ")" / "(" or ")" / attrExp
 *   attrExp  = attrPath ("pr" / compareOp compValue / "[" or "]" [".subAttr" ("pr" / compareOp compValue)])
 * Brackets do not nest; `not` needs parentheses.
 */

const OPS = new Set<string>(COMPARE_OPS)
const OPS_TEXT = `a comparison operator (${COMPARE_OPS.join(', ')}) or "pr"`
// JSON number (RFC 7159 §6).
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/
// Deep enough for any real filter, shallow enough that hostile input cannot exhaust the stack.
const MAX_DEPTH = 64

interface Mode {
  what: 'filter' | 'path'
  scimType: ScimType
  tolerant: boolean
}

class Parser {
  private readonly lex: Lexer
  private depth = 0
  // Brackets cannot nest, so one flag says whether names are sub-attributes of a valuePath's attribute.
  private inBrackets = false

  constructor(
    text: string,
    private readonly mode: Mode,
  ) {
    this.lex = new Lexer(text, this.fail)
  }

  readonly fail = (pos: number, message: string): never => {
    throw new ScimError(400, `Invalid ${this.mode.what} at position ${pos}: ${message}`, this.mode.scimType)
  }

  filter(): Filter {
    const f = this.or()
    this.end(`"and", "or" or the end of the ${this.mode.what}`)
    return f
  }

  path(): PatchPath {
    const t = this.lex.next()
    const attrPath = this.attrPath(t)
    const open = this.lex.peek()
    if (open.kind !== '[') {
      this.end(`"[" or the end of the path`)
      return { attrPath }
    }
    const valueFilter = this.brackets()
    const dot = this.lex.peek()
    if (dot.kind === 'word' && dot.text.startsWith('.')) {
      this.lex.next()
      const subAttr = this.subAttr(dot)
      this.end('the end of the path')
      return { attrPath, valueFilter, subAttr }
    }
    this.end(`".subAttribute" or the end of the path`)
    return { attrPath, valueFilter }
  }

  private or(): Filter {
    let left = this.and()
    while (this.keyword('or')) left = { kind: 'or', left, right: this.and() }
    return left
  }

  private and(): Filter {
    let left = this.unary()
    while (this.keyword('and')) left = { kind: 'and', left, right: this.unary() }
    return left
  }

  private unary(): Filter {
    const t = this.lex.peek()
    if (t.kind === '(') return this.group()
    if (t.kind === 'word' && t.text.toLowerCase() === 'not') {
      this.lex.next()
      const p = this.lex.peek()
      if (p.kind !== '(') this.fail(p.pos, `expected "(" after "not" (write not (…)), found ${this.describe(p)}`)
      return { kind: 'not', filter: this.group() }
    }
    return this.attrExp()
  }

  /** "(" or ")", inside or outside brackets alike (errata 7322 allows grouping inside a value filter). */
  private group(): Filter {
    const open = this.lex.next()
    this.enter(open)
    const f = this.or()
    const close = this.lex.next()
    if (close.kind !== ')') {
      this.fail(close.pos, `expected "and", "or" or ")" to close the "(" at position ${open.pos}, found ${this.describe(close)}`)
    }
    this.depth--
    return f
  }

  private attrExp(): Filter {
    const t = this.lex.next()
    const attrPath = this.attrPath(t)
    const p = this.lex.peek()
    if (p.kind !== '[') return this.comparison(attrPath)
    if (this.inBrackets) this.fail(p.pos, 'value filters cannot be nested: "[" inside "[…]"')
    const inner = this.brackets()
    const dot = this.lex.peek()
    // Entra's form `emails[type eq "work"].value eq "x"` (idp-request-patterns b.1.2): some element matches the
    // brackets and its sub-attribute compares, which is exactly `emails[type eq "work" and value eq "x"]`.
    if (dot.kind === 'word' && dot.text.startsWith('.')) {
      this.lex.next()
      const sub = this.subAttr(dot)
      return { kind: 'valuePath', attrPath, filter: { kind: 'and', left: inner, right: this.comparison(sub) } }
    }
    return { kind: 'valuePath', attrPath, filter: inner }
  }

  private brackets(): Filter {
    const open = this.lex.next()
    this.enter(open)
    this.inBrackets = true
    const f = this.or()
    this.inBrackets = false
    const close = this.lex.next()
    if (close.kind !== ']') {
      this.fail(close.pos, `expected "and", "or" or "]" to close the "[" at position ${open.pos}, found ${this.describe(close)}`)
    }
    this.depth--
    return f
  }

  private comparison(attrPath: string): Filter {
    const t = this.lex.next()
    const op = t.kind === 'word' ? t.text.toLowerCase() : ''
    if (op === 'pr') return { kind: 'present', attrPath }
    if (!OPS.has(op)) this.fail(t.pos, `expected ${OPS_TEXT}, found ${this.describe(t)}`)
    return { kind: 'compare', attrPath, op: op as CompareOp, value: this.value() }
  }

  private value(): CompValue {
    const t = this.lex.next()
    if (t.kind === 'string') return t.value!
    const expected = 'a value (a "quoted string", a number, true, false or null)'
    if (t.kind !== 'word') this.fail(t.pos, `expected ${expected}, found ${this.describe(t)}`)
    const lower = t.text.toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
    if (lower === 'null') return null
    if (NUMBER.test(t.text)) return Number(t.text)
    // Entra's docs print `externalId eq jyoung` unquoted (idp-request-patterns b.1.2).
    if (this.mode.tolerant) return t.text
    return this.fail(t.pos, `expected ${expected}, found the unquoted word "${clip(t.text)}"; quote strings: "${clip(t.text)}"`)
  }

  private attrPath(t: Token): string {
    if (t.kind !== 'word') this.fail(t.pos, `expected an attribute name, found ${this.describe(t)}`)
    if (!isAttrPath(t.text)) {
      this.fail(t.pos, `"${clip(t.text)}" is not an attribute path (expected [schema URN ":"] name ["." sub-attribute])`)
    }
    return t.text
  }

  private subAttr(t: Token): string {
    const name = t.text.slice(1)
    if (!isAttrName(name)) this.fail(t.pos, `"${clip(t.text)}" is not a sub-attribute (expected "." followed by a name)`)
    return name
  }

  private keyword(word: 'and' | 'or'): boolean {
    const t = this.lex.peek()
    if (t.kind !== 'word' || t.text.toLowerCase() !== word) return false
    this.lex.next()
    return true
  }

  private end(expected: string): void {
    const t = this.lex.peek()
    if (t.kind === 'eof') return
    if (t.kind === ')') this.fail(t.pos, `")" has no matching "("`)
    if (t.kind === ']') this.fail(t.pos, `"]" has no matching "["`)
    this.fail(t.pos, `expected ${expected}, found ${this.describe(t)}`)
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) this.fail(t.pos, `nested more than ${MAX_DEPTH} levels deep`)
  }

  private describe(t: Token): string {
    if (t.kind === 'eof') return `the end of the ${this.mode.what}`
    if (t.kind === 'string') return `the string ${clip(t.text)}`
    return `"${clip(t.text)}"`
  }
}

const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s)

function checkSize(text: string, mode: Mode): void {
  const fail = (msg: string) => new ScimError(400, `Invalid ${mode.what}: ${msg}`, mode.scimType)
  if (text.length > MAX_FILTER_LENGTH) {
    throw fail(`it is ${text.length} characters long; at most ${MAX_FILTER_LENGTH.toLocaleString('en-US')} are accepted`)
  }
  if (text.trim() === '') throw fail(`the ${mode.what} is empty`)
}

/**
 * Parses a filter (RFC 7644 §3.4.2.2). Attribute names, operators and the literals true/false/null are
 * case-insensitive; strings and numbers are JSON. Positions in error messages are 0-based character offsets.
 * @throws ScimError 400 invalidFilter naming the position and what was expected there.
 */
export function parseFilter(text: string, opts: ParseOptions = {}): Filter {
  const mode: Mode = { what: 'filter', scimType: 'invalidFilter', tolerant: opts.compatibility !== 'strict' }
  checkSize(text, mode)
  return new Parser(text, mode).filter()
}

/**
 * Parses a PATCH path (RFC 7644 §3.5.2: PATH = attrPath / valuePath [subAttr]). The value filter follows the
 * filter grammar; `opts` decides, as for parseFilter, whether unquoted values are tolerated.
 * @throws ScimError 400 invalidPath naming the position and what was expected there.
 */
export function parsePath(text: string, opts: ParseOptions = {}): PatchPath {
  const mode: Mode = { what: 'path', scimType: 'invalidPath', tolerant: opts.compatibility !== 'strict' }
  checkSize(text, mode)
  return new Parser(text, mode).path()
}
