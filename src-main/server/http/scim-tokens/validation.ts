import type { Response } from 'express'
import type { z } from 'zod'
import type { ValidationErrorItem } from '@shared/tokens'

/**
 * zod issues in FastAPI/pydantic v2's words (the reference's HTTPValidationError): `loc` starts with where the value
 * was ("body", "query", "path"), `type` is pydantic's error type, `msg` its message.
 */
export function toDetail(error: z.ZodError, where: 'body' | 'query' | 'path', input: unknown, fieldTypes: Record<string, 'datetime'> = {}): ValidationErrorItem[] {
  return error.issues.map((issue) => {
    const loc: (string | number)[] = [where, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))]
    const value = valueAt(input, issue.path as PropertyKey[])
    const field = String(issue.path[issue.path.length - 1] ?? '')
    const datetime = fieldTypes[field] === 'datetime'
    switch (issue.code) {
      case 'invalid_type': {
        if (issue.path.length === 0) return { loc, msg: 'Input should be a valid dictionary or object to extract fields from', type: 'model_attributes_type' }
        if (value === undefined) return { loc, msg: 'Field required', type: 'missing' }
        if (datetime) return { loc, msg: 'Input should be a valid datetime', type: 'datetime_type' }
        const expected = (issue as { expected?: string }).expected
        if (expected === 'boolean') return { loc, msg: 'Input should be a valid boolean', type: 'bool_type' }
        if (expected === 'number' || expected === 'int') {
          return where === 'body' && typeof value !== 'string'
            ? { loc, msg: 'Input should be a valid integer', type: 'int_type' }
            : { loc, msg: 'Input should be a valid integer, unable to parse string as an integer', type: 'int_parsing' }
        }
        return { loc, msg: 'Input should be a valid string', type: 'string_type' }
      }
      case 'too_small': {
        const min = Number((issue as { minimum?: unknown }).minimum)
        if ((issue as { origin?: string }).origin === 'string') return { loc, msg: `String should have at least ${min} character${min === 1 ? '' : 's'}`, type: 'string_too_short' }
        return { loc, msg: `Input should be greater than or equal to ${min}`, type: 'greater_than_equal' }
      }
      case 'too_big': {
        const max = Number((issue as { maximum?: unknown }).maximum)
        if ((issue as { origin?: string }).origin === 'string') return { loc, msg: `String should have at most ${max} character${max === 1 ? '' : 's'}`, type: 'string_too_long' }
        return { loc, msg: `Input should be less than or equal to ${max}`, type: 'less_than_equal' }
      }
      case 'custom':
        if (datetime) return { loc, msg: 'Input should be a valid datetime (ISO 8601, e.g. 2027-01-31T00:00:00Z)', type: 'datetime_parsing' }
        return { loc, msg: issue.message, type: 'value_error' }
      default:
        return { loc, msg: issue.message, type: 'value_error' }
    }
  })
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let v = input
  for (const p of path) {
    if (!v || typeof v !== 'object') return undefined
    v = (v as Record<PropertyKey, unknown>)[p]
  }
  return v
}

export function send422(res: Response, detail: ValidationErrorItem[]) {
  res.status(422).json({ detail })
}

/** A body that is not JSON: pydantic's json_invalid, at the character where parsing stopped. */
export function jsonInvalid(message: string, raw: string): ValidationErrorItem {
  const pos = /position (\d+)/.exec(message)
  return { loc: ['body', pos ? Number(pos[1]) : /end of JSON/i.test(message) ? raw.length : 0], msg: `JSON decode error: ${message.replace(/^.*?: /, '')}`, type: 'json_invalid' }
}
