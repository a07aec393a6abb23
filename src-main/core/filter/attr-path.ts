/**
 * RFC 7644 §3.4.2.2 attribute paths:
 *   attrPath = [URI ":"] ATTRNAME *1subAttr ;  ATTRNAME = ALPHA *(nameChar) ;  subAttr = "." ATTRNAME
 * ATTRNAME also admits a leading "$" because RFC 7643 itself names a sub-attribute "$ref" (§2.4, §4.2).
 */
const NAME = '\\$?[A-Za-z][A-Za-z0-9_-]*'
const ATTR_NAME = new RegExp(`^${NAME}$`)
// The URI is everything before the last ":" (URNs contain dots, "2.0", so the split cannot be on dots); it needs a
// scheme and a colon of its own, so `a:b` is refused rather than read as attribute "b" of schema "a".
const ATTR_PATH = new RegExp(`^(?:[A-Za-z][A-Za-z0-9+.-]*:[^\\s]*:)?${NAME}(?:\\.${NAME})?$`)

/** True when `text` is an attrPath of the RFC grammar. */
export function isAttrPath(text: string): boolean {
  return ATTR_PATH.test(text)
}

/** True when `text` is one ATTRNAME (a sub-attribute name, no URN, no dot). */
export function isAttrName(text: string): boolean {
  return ATTR_NAME.test(text)
}
