import { IAM_BODIES, IAM_KIND_INFO, IAM_MAX_COUNT, type IamEnvelope, type IamKind, type IamList } from '@shared/iam'
import type { IamResourceRecord } from '@shared/workspace'
import type { Engine } from '../engine'
import { badRequest, conflict, notFound, ScimError } from '../errors'
import { parseFilter } from '../filter'
import type { StoreReader, Tx } from '../store/memory-store'
import { key } from '../store/indexes'
import { splitBody, withoutNulls } from './body'
import { iamMatches } from './filter'
import { labelOf, normalize, userExtensionOf, writableView } from './kinds'
import { changedFields, memberEvents, membersOf, tenantName } from './events'
import { referrersOf, stillUsed } from './references'
import { creationOrder, IamRenderer } from './render'
import { applyPatch, type PatchOutcome } from './patch'
import type { IamApi, IamListQuery, IamServiceOptions, IamWritten } from './types'
import { checkUnique, invalidBody, parseWith, relationIssues, type IamIssue } from './validate'

type Obj = Record<string, unknown>

/** What an update needs besides the new data: how to word a validation failure, and the password input. */
interface UpdateInput {
  data: Obj
  externalId: string | null
  password: string | undefined
  fail(issues: IamIssue[]): ScimError
}

/**
 * The IAM SCIM provider's core (PRODUCT.md §3.4): every write is one engine transaction that validates the body,
 * checks relations and uniqueness, stores the normalized data and records its events; reads render the reference's
 * envelopes with relations expanded.
 */
export class IamService implements IamApi {
  constructor(
    private readonly engine: Engine,
    private readonly opts: IamServiceOptions,
  ) {}

  list(tenantId: string, kind: IamKind, query: IamListQuery, base: string): IamList {
    const filter = query.filter !== undefined && query.filter !== '' ? parseFilter(query.filter) : undefined
    const startIndex = Math.max(1, intParam(query.startIndex, 'startIndex') ?? 1)
    const count = Math.min(IAM_MAX_COUNT, Math.max(0, intParam(query.count, 'count') ?? IAM_MAX_COUNT))
    const r = this.engine.store
    const render = new IamRenderer(r, tenantId, base)
    const all = creationOrder(r.find('iamResources', 'tenantKind', key.tenantKind(tenantId, kind)))
    const matched = filter ? all.map((rec) => render.envelope(rec)).filter((env) => iamMatches(filter, filterView(env))) : undefined
    const total = matched ? matched.length : all.length
    const page = matched ? matched.slice(startIndex - 1, startIndex - 1 + count) : all.slice(startIndex - 1, startIndex - 1 + count).map((rec) => render.envelope(rec))
    return { resources: page, totalResults: total, startIndex, itemsPerPage: page.length }
  }

  get(tenantId: string, kind: IamKind, id: string, base: string): IamEnvelope {
    const r = this.engine.store
    return new IamRenderer(r, tenantId, base).envelope(requireRecord(r, tenantId, kind, id))
  }

  async create(tenantId: string, kind: IamKind, body: unknown, base: string): Promise<IamWritten<IamEnvelope>> {
    return this.write((tx) => {
      const { rest, externalId } = splitBody(kind, body, 'create')
      const parsed = parseWith<Obj>(IAM_BODIES[kind].create, rest)
      if (!parsed.ok) throw invalidBody(parsed.issues)
      const chosenId = typeof parsed.value.id === 'string' ? parsed.value.id : undefined
      if (chosenId !== undefined && tx.get('iamResources', chosenId)) throw conflict(`an IAM resource with id "${chosenId}" already exists`)
      const id = chosenId ?? this.engine.ports.ids.next()
      const data = normalize(kind, parsed.value, { absentLists: 'keep' }) as Obj
      const issues = relationIssues(tx, tenantId, kind, data, id)
      if (issues.length) throw invalidBody(issues)
      checkUnique(tx, tenantId, kind, data, id)
      const pw = this.password(kind, data, parsedPassword(parsed.value))
      const now = this.now()
      const rec: IamResourceRecord = { id, tenantId, kind, externalId: externalId ?? null, data, passwordSha256: pw.digest, version: 1, createdAt: now, updatedAt: now }
      tx.put('iamResources', rec)
      const noun = IAM_KIND_INFO[kind].noun
      tx.event({
        type: 'iam.resource.created',
        message: `created IAM ${noun} "${labelOf(data)}" in tenant ${tenantName(tx, tenantId)}${pw.generated ? ' with a generated password' : ''}`,
        resourceId: id,
      })
      memberEvents(tx, rec, [])
      return new IamRenderer(tx, tenantId, base).envelope(rec)
    })
  }

  async replace(tenantId: string, kind: IamKind, id: string, body: unknown, base: string): Promise<IamWritten<IamEnvelope>> {
    return this.write((tx) => {
      const prev = requireRecord(tx, tenantId, kind, id)
      const { rest, externalId } = splitBody(kind, body, 'replace', id)
      const parsed = parseWith<Obj>(IAM_BODIES[kind].replace, rest)
      if (!parsed.ok) throw invalidBody(parsed.issues)
      const data = normalize(kind, parsed.value, { current: prev.data, absentLists: 'keep' }) as Obj
      const next = this.update(tx, prev, {
        data,
        externalId: externalId === undefined ? prev.externalId : externalId,
        password: parsedPassword(parsed.value),
        fail: (issues) => invalidBody(issues),
      })
      return new IamRenderer(tx, tenantId, base).envelope(next)
    })
  }

  async patch(tenantId: string, kind: IamKind, id: string, body: unknown, base: string): Promise<IamWritten<IamEnvelope>> {
    return this.write((tx) => {
      const prev = requireRecord(tx, tenantId, kind, id)
      const view = writableView(kind, prev.data)
      const outcome: PatchOutcome = applyPatch(kind, view, prev.externalId, body)
      // A replace with null (the validator's way to clear `manager`) leaves the attribute unassigned (RFC 7643 §2.5).
      const parsed = parseWith<Obj>(IAM_BODIES[kind].replace, withoutNulls(outcome.view))
      if (!parsed.ok) throw outcome.fail(parsed.issues)
      const data = normalize(kind, parsed.value, { current: prev.data, absentLists: 'empty' }) as Obj
      const next = this.update(tx, prev, { data, externalId: outcome.externalId, password: parsedPassword(parsed.value), fail: outcome.fail })
      return new IamRenderer(tx, tenantId, base).envelope(next)
    })
  }

  async delete(tenantId: string, kind: IamKind, id: string): Promise<IamWritten<null>> {
    return this.write((tx) => {
      const rec = requireRecord(tx, tenantId, kind, id)
      const { restrict, cascade } = referrersOf(tx, rec)
      if (restrict.length) throw stillUsed(rec, restrict)
      const now = this.now()
      for (const by of cascade) {
        const next: IamResourceRecord = { ...by, data: { ...by.data, members: membersOf(by).filter((m) => m.value !== id) }, version: by.version + 1, updatedAt: now }
        tx.put('iamResources', next)
        memberEvents(tx, next, membersOf(by), rec)
      }
      tx.delete('iamResources', id)
      tx.event({ type: 'iam.resource.deleted', message: `deleted IAM ${IAM_KIND_INFO[kind].noun} "${labelOf(rec.data)}" in tenant ${tenantName(tx, tenantId)}`, resourceId: id })
      return null
    })
  }

  private async write<T>(fn: (tx: Tx) => T): Promise<IamWritten<T>> {
    const c = await this.engine.write(fn)
    return { value: c.value, events: c.events }
  }

  private now(): string {
    return this.engine.ports.clock.now().toISOString()
  }

  /**
   * The digest to store. `generatePassword: true` wins over a sent password (on create, or when an update turns it
   * on); the generated password goes only into the digest, nowhere else.
   */
  private password(kind: IamKind, data: Obj, sent: string | undefined, prev?: IamResourceRecord): { digest: string | null; generated: boolean } {
    if (kind !== 'user') return { digest: null, generated: false }
    const wants = userExtensionOf(data)?.generatePassword === true
    const had = prev ? userExtensionOf(prev.data)?.generatePassword === true : false
    if (wants && !had) return { digest: this.opts.hashPassword(this.opts.generatePassword()), generated: true }
    if (sent !== undefined) return { digest: this.opts.hashPassword(sent), generated: false }
    return { digest: prev?.passwordSha256 ?? null, generated: false }
  }

  /** Validates and stores an update; an unchanged resource is returned as it is, with no new version and no event. */
  private update(tx: Tx, prev: IamResourceRecord, input: UpdateInput): IamResourceRecord {
    const { kind, tenantId } = prev
    const issues = relationIssues(tx, tenantId, kind, input.data, prev.id)
    if (issues.length) throw input.fail(issues)
    checkUnique(tx, tenantId, kind, input.data, prev.id)
    const pw = this.password(kind, input.data, input.password, prev)
    const changed = changedFields(prev.data, input.data)
    if (input.externalId !== prev.externalId) changed.push('externalId')
    if (pw.digest !== prev.passwordSha256) changed.push('password')
    if (!changed.length) return prev
    const next: IamResourceRecord = { ...prev, data: input.data, externalId: input.externalId, passwordSha256: pw.digest, version: prev.version + 1, updatedAt: this.now() }
    tx.put('iamResources', next)
    const noun = IAM_KIND_INFO[kind].noun
    tx.event({
      type: 'iam.resource.updated',
      message: `updated IAM ${noun} "${labelOf(next.data)}" in tenant ${tenantName(tx, tenantId)}: ${changed.join(', ')}${pw.generated ? ' (a password was generated)' : ''}`,
      resourceId: prev.id,
    })
    memberEvents(tx, next, membersOf(prev))
    return next
  }
}

const parsedPassword = (body: Obj): string | undefined => (typeof body.password === 'string' ? body.password : undefined)

function requireRecord(r: StoreReader, tenantId: string, kind: IamKind, id: string): IamResourceRecord {
  const rec = r.get('iamResources', id)
  if (!rec || rec.tenantId !== tenantId || rec.kind !== kind) throw notFound(`No ${IAM_KIND_INFO[kind].noun} "${id}" in tenant ${tenantId}`)
  return rec
}

function intParam(v: string | undefined, name: string): number | undefined {
  if (v === undefined || v === '') return undefined
  if (!/^[+-]?\d+$/.test(v.trim())) throw badRequest('invalidValue', `${name} must be an integer, not ${JSON.stringify(v)}`)
  return Number(v.trim())
}

/** The attributes a filter sees: the rendered ones plus id, externalId and meta. */
function filterView(env: IamEnvelope): Obj {
  return { ...env.attributes, id: env.id, externalId: env.externalID.value, meta: env.meta }
}
