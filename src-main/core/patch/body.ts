import { badRequest } from '../errors'
import { PATCH_OP_SCHEMA } from '../schema/definitions'
import { isPlainObject, keyOf } from '../schema/json'
import { tolerate } from '../schema/values'
import { invalidPath, type PatchContext } from './context'

export type OpName = 'add' | 'replace' | 'remove'

export interface PatchOperation {
  index: number
  op: OpName
  path?: string
  /** undefined when the operation has no "value" member. */
  value: unknown
}

const OPS: readonly string[] = ['add', 'replace', 'remove']
const invalidSyntax = (detail: string) => badRequest('invalidSyntax', detail)

/**
 * Reads a PatchOp body (RFC 7644 §3.5.2): `schemas` must list the PatchOp URN and `Operations` must be an array of
 * one or more operations, each with an `op` of "add", "remove" or "replace". Anything else is 400 invalidSyntax,
 * the RFC's code for a body that "did not conform to the request schema".
 */
export function readOperations(body: unknown, ctx: PatchContext): PatchOperation[] {
  if (!isPlainObject(body)) throw invalidSyntax('a PATCH body must be a PatchOp JSON object')
  const schemasKey = keyOf(body, 'schemas')
  const schemas = schemasKey === undefined ? undefined : body[schemasKey]
  const lower = PATCH_OP_SCHEMA.toLowerCase()
  if (!Array.isArray(schemas) || !schemas.some((s) => typeof s === 'string' && s.toLowerCase() === lower)) {
    throw invalidSyntax(`a PATCH body must list the schema ${PATCH_OP_SCHEMA} in "schemas"`)
  }
  const ops = body.Operations
  if (!Array.isArray(ops)) throw invalidSyntax('a PATCH body needs an "Operations" array')
  if (ops.length === 0) {
    // Entra's hosted validator sends this (b.1.20); RFC 7644 §3.5.2 asks for "an array of one or more PATCH operations".
    tolerate(ctx, 'b.1.20', 'empty "Operations": nothing to do', () =>
      invalidSyntax('"Operations" must hold one or more operations (RFC 7644 §3.5.2)'),
    )
  }
  return ops.map((o, index) => readOperation(o, index, ctx))
}

function readOperation(o: unknown, index: number, ctx: PatchContext): PatchOperation {
  const at = `Operations[${index}]`
  if (!isPlainObject(o)) throw invalidSyntax(`${at} must be an object with "op", "path" and "value"`)
  const name = o.op
  if (typeof name !== 'string') throw invalidSyntax(`${at} needs an "op" string`)
  const op = name.toLowerCase()
  if (!OPS.includes(op)) throw invalidSyntax(`${at}: unknown op "${name}"; it must be "add", "remove" or "replace"`)
  if (op !== name) {
    // Entra sends "Replace"/"Add"/"Remove" (b.1.5). The RFC lists the values in lower case, and JSON string values are
    // case-sensitive unless a schema says otherwise; the PatchOp message has no such schema, so strict refuses them.
    tolerate(ctx, 'b.1.5', `${at}: capitalised op "${name}"`, () =>
      invalidSyntax(`${at}: op "${name}" is not "add", "remove" or "replace" (RFC 7644 §3.5.2 values are lower case)`),
    )
  }
  const path = o.path
  if (path !== undefined && path !== null && typeof path !== 'string') throw invalidPath(`${at}: "path" must be a string`)
  return { index, op: op as OpName, path: typeof path === 'string' ? path : undefined, value: o.value }
}
