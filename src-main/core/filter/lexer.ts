/**
 * Splits filter and PATH text into tokens on demand, so the parser reports the first error in reading order.
 * A word is any run of characters other than whitespace, quotes, parentheses and brackets: attribute paths, operators,
 * keywords, literals, numbers, `.subAttr` after a closing bracket and Entra's unquoted values all arrive as words
 * and the parser decides what each one may be where it stands.
 */
export type TokenKind = 'word' | 'string' | '(' | ')' | '[' | ']' | 'eof'

export interface Token {
  kind: TokenKind
  /** The source text of the token (a string token keeps its quotes and escapes). */
  text: string
  /** 0-based offset of the token's first character. */
  pos: number
  /** The decoded value of a string token. */
  value?: string
}

/** Reports a syntax error at an offset; never returns. */
export type Fail = (pos: number, message: string) => never

const PUNCT = new Set(['(', ')', '[', ']'])
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r'
const endsWord = (c: string) => isSpace(c) || PUNCT.has(c) || c === '"'

export class Lexer {
  private at = 0
  private ahead?: Token

  constructor(
    private readonly text: string,
    private readonly fail: Fail,
  ) {}

  peek(): Token {
    this.ahead ??= this.scan()
    return this.ahead
  }

  next(): Token {
    const t = this.peek()
    this.ahead = undefined
    return t
  }

  private scan(): Token {
    const s = this.text
    let i = this.at
    while (i < s.length && isSpace(s[i]!)) i++
    if (i >= s.length) {
      this.at = i
      return { kind: 'eof', text: '', pos: i }
    }
    const c = s[i]!
    if (PUNCT.has(c)) {
      this.at = i + 1
      return { kind: c as TokenKind, text: c, pos: i }
    }
    if (c === '"') return this.string(i)
    let j = i
    while (j < s.length && !endsWord(s[j]!)) j++
    this.at = j
    return { kind: 'word', text: s.slice(i, j), pos: i }
  }

  /** RFC 7644 §3.4.2.2: strings follow JSON (RFC 7159 §7), escapes included; JSON.parse is that grammar exactly. */
  private string(start: number): Token {
    const s = this.text
    let j = start + 1
    while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1
    if (j >= s.length) this.fail(start, 'the string starting here has no closing double quote')
    const text = s.slice(start, j + 1)
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      this.fail(start, 'invalid string: strings follow JSON rules (escape control characters, backslashes and quotes)')
    }
    this.at = j + 1
    return { kind: 'string', text, pos: start, value: value as string }
  }
}
