import { IAM_ENTERPRISE_EXTENSION, IAM_KIND_INFO, type IamEnvelope, type IamKind, type IamMemberData, type IamStatementData } from '@shared/iam'
import type { IamResourceRecord } from '@shared/workspace'
import type { StoreReader } from '../store/memory-store'

type Obj = Record<string, unknown>

/**
 * Resources as the reference's response samples show them: the envelope, and per kind the attributes with their
 * relations expanded (keys in the samples' alphabetical order). Relations whose target is gone are left out rather
 * than rendered as nulls; writes never let that happen, so it only guards a hand-edited workspace.
 */
export class IamRenderer {
  constructor(
    private readonly r: StoreReader,
    private readonly tenantId: string,
    /** The tenant's base URL, e.g. http://127.0.0.1:7643/iam/scim/v2/tenant-1. */
    private readonly base: string,
  ) {}

  location(kind: IamKind, id: string): string {
    return `${this.base}/${IAM_KIND_INFO[kind].segment}/${id}`
  }

  envelope(rec: IamResourceRecord): IamEnvelope {
    return this.wrap(rec, this.attributes(rec))
  }

  wrap(rec: IamResourceRecord, attributes: Obj): IamEnvelope {
    const info = IAM_KIND_INFO[rec.kind]
    return {
      attributes,
      externalID: rec.externalId !== null ? { value: rec.externalId } : {},
      id: rec.id,
      meta: {
        created: rec.createdAt,
        lastModified: rec.updatedAt,
        location: this.location(rec.kind, rec.id),
        resourceType: info.resourceType,
        version: `W/"${rec.version}"`,
      },
      // A user lists the enterprise extension's URN only when it carries that extension.
      schemas: rec.kind === 'user' && rec.data[IAM_ENTERPRISE_EXTENSION] !== undefined ? [...info.schemas, IAM_ENTERPRISE_EXTENSION] : [...info.schemas],
    } as IamEnvelope
  }

  attributes(rec: IamResourceRecord): Obj {
    const d = rec.data
    switch (rec.kind) {
      case 'action':
        return this.action(rec)
      case 'resourceType':
        return {
          actions: this.records(d.actions, 'action').map((a) => this.action(a)),
          client_id: d.client_id,
          description: d.description,
          name: d.name,
          resources: this.resourcesOfType(rec.id).map((x) => ({
            client_id: x.data.client_id,
            created_at: x.createdAt,
            description: x.data.description,
            id: x.id,
            name: x.data.name,
            slug: x.data.slug,
          })),
          slug: d.slug,
        }
      case 'resource': {
        const type = this.record(d.type, 'resourceType')
        return {
          client_id: d.client_id,
          description: d.description,
          name: d.name,
          slug: d.slug,
          type: type ? this.typeSummary(type) : {},
        }
      }
      case 'permission':
        return { ...this.permissionSummary(rec) }
      case 'role': {
        const members = (d.members as IamMemberData[] | undefined) ?? []
        return {
          claim_mapper: d.claim_mapper,
          client_id: d.client_id,
          created_at: rec.createdAt,
          description: d.description,
          id: rec.id,
          member_count: members.length,
          members: this.members(members),
          name: d.name,
          permissions: this.records(d.permissions, 'permission').map((p) => this.permissionSummary(p)),
          statements: this.statements(d.statements),
        }
      }
      case 'group':
        return { displayName: d.displayName, members: this.members((d.members as IamMemberData[] | undefined) ?? []) }
      case 'user': {
        const out: Obj = {}
        for (const k of Object.keys(d).sort()) if (k !== 'password' && d[k] !== undefined) out[k] = d[k]
        return out
      }
    }
  }

  private action(a: IamResourceRecord): Obj {
    return { active: true, client_id: a.data.client_id, created_at: a.createdAt, description: a.data.description, id: a.id, name: a.data.name }
  }

  private typeSummary(t: IamResourceRecord): Obj {
    return {
      actions: this.records(t.data.actions, 'action').map((a) => this.action(a)),
      client_id: t.data.client_id,
      created_at: t.createdAt,
      description: t.data.description,
      id: t.id,
      name: t.data.name,
      slug: t.data.slug,
    }
  }

  private permissionSummary(p: IamResourceRecord): Obj {
    return {
      client_id: p.data.client_id,
      created_at: p.createdAt,
      description: p.data.description,
      id: p.id,
      name: p.data.name,
      statements: this.statements(p.data.statements),
    }
  }

  /** A statement's actions and resource as full envelopes, as the reference's Permission samples. */
  private statements(statements: unknown): Obj[] {
    return ((statements as IamStatementData[] | undefined) ?? []).map((s) => {
      const resource = this.record(s.resource, 'resource')
      return { actions: this.records(s.actions, 'action').map((a) => this.envelope(a)), resource: resource ? this.envelope(resource) : {} }
    })
  }

  private members(members: IamMemberData[]): Obj[] {
    return members.map((m) => {
      const kind: IamKind = m.type === 'Group' ? 'group' : 'user'
      const target = this.record(m.value, kind)
      const display = target ? String((kind === 'user' ? target.data.displayName || target.data.userName : target.data.displayName) ?? '') : ''
      return { $ref: this.location(kind, m.value), display, type: m.type, value: m.value }
    })
  }

  private resourcesOfType(typeId: string): IamResourceRecord[] {
    return creationOrder(this.r.find('iamResources', 'refs', typeId).filter((x) => x.kind === 'resource' && x.tenantId === this.tenantId && x.data.type === typeId))
  }

  private record(id: unknown, kind: IamKind): IamResourceRecord | undefined {
    if (typeof id !== 'string') return undefined
    const rec = this.r.get('iamResources', id)
    return rec && rec.tenantId === this.tenantId && rec.kind === kind ? rec : undefined
  }

  private records(ids: unknown, kind: IamKind): IamResourceRecord[] {
    return Array.isArray(ids) ? ids.flatMap((id) => this.record(id, kind) ?? []) : []
  }
}

/**
 * Index lookups return ids in the order they were last indexed (an update re-indexes), so creation order is restored
 * by `createdAt`; the sort is stable, so resources made within one millisecond keep their index order.
 */
export function creationOrder(recs: IamResourceRecord[]): IamResourceRecord[] {
  return recs.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
}
