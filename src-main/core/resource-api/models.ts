import { z } from 'zod'
import { compatibilitySchema, permissionSchema, type CollectionName, type Permission, type ScimConfig } from '@shared/workspace'
import type { StoreReader, Tx } from '../store/memory-store'
import type { AdminContext } from '../admin/context'
import { createProject, deleteProject, updateProject } from '../admin/projects'
import { createTeam, deleteTeam, updateTeam } from '../admin/teams'
import { createStatusPage, deleteStatusPage, updateStatusPage } from '../admin/status-pages'
import { createConfig, deleteConfig, rotateToken, updateConfig } from '../admin/scim-configs'
import {
  createAccount,
  createApiKey,
  createPrivateUser,
  createTeamMember,
  deleteAccount,
  deleteApiKey,
  deletePrivateUser,
  deleteTeamMember,
  updateAccount,
  updateApiKey,
  updatePrivateUser,
} from '../admin/records'

/**
 * The resource API's models as data (PRODUCT.md §3.3): each names its workspace collection, its fields (with the zod
 * type a query value must have and, for writable fields, the type a written value must have), who may do what, and
 * how a create / update / delete is made — always through the same core/admin functions the control API (the UI)
 * uses, so a change made here is the same change, with the same events, as one made in the UI.
 */

export interface FieldDef {
  /** The type of the field's value: query values are checked against it. */
  type: z.ZodType
  /** The type a written value must have; absent = read-only. */
  input?: z.ZodType
  /** Settable at create only (e.g. projectId: a record never moves to another project). */
  createOnly?: boolean
  /** Required at create. */
  required?: boolean
}

export type Operation = 'read' | 'create' | 'update' | 'delete'

/** `any` = any key of the project, whatever its permissions. */
export type Allowed = readonly Permission[] | 'any'

/** Secrets the adapter makes for a new API key (core has no crypto). */
export interface NewKey {
  key: string
  keySha256: string
  keyPrefix: string
}

export interface WriteCtx extends AdminContext {
  /** The project of the API key making the request. */
  projectId: string
  newKey(): NewKey
}

type Rec = { id: string; createdAt: string; updatedAt: string }

export interface ModelDef {
  name: string
  /** "Status Page SCIM", for messages. */
  title: string
  collection: CollectionName
  fields: Record<string, FieldDef>
  permissions: Record<Operation, Allowed>
  /** The records of one project, in insertion order. */
  list(store: StoreReader, projectId: string): Rec[]
  /** The record's project (a key only reaches its own project's records). */
  projectOf(rec: Rec): string
  /** Whether a record of the collection is one of this model's (project-scim and status-page-scim share one). */
  owns?(rec: Rec): boolean
  /** The model's own fields of a record, in the API's shape. */
  toApi(rec: Rec): Record<string, unknown>
  create(tx: Tx, ctx: WriteCtx, data: Record<string, unknown>): Rec
  update(tx: Tx, ctx: WriteCtx, rec: Rec, data: Record<string, unknown>): void
  delete(tx: Tx, ctx: WriteCtx, rec: Rec): void
}

const OWNER_ADMIN = ['ProjectOwner', 'ProjectAdmin'] as const satisfies Permission[]
const PROJECT_READ = ['ProjectOwner', 'ProjectAdmin', 'ProjectMember', 'ReadAllProjectResources'] as const satisfies Permission[]
const ADMIN_MODEL = { read: PROJECT_READ, create: OWNER_ADMIN, update: OWNER_ADMIN, delete: OWNER_ADMIN }

const name = z.string().trim().min(1, 'a name is required').max(200)
const email = z.string().trim().min(3).max(320).regex(/^[^\s@]+@[^\s@]+$/, 'an email address')
/** The reference's bearerToken is "Long Text" (its own example has spaces): any printable text, at least one character. */
const bearerToken = z.string().min(1, 'a bearer token is required').max(512).regex(/^[^\x00-\x1f\x7f]+$/, 'printable text')
const str = z.string()
const projectIdField: FieldDef = { type: str, input: str, createOnly: true }

// The record types differ per model; each def reads and writes its own collection only.
/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyRec = any

function def(d: Omit<ModelDef, 'toApi' | 'projectOf'> & { toApi?: ModelDef['toApi']; projectOf?: ModelDef['projectOf'] }): ModelDef {
  const keys = Object.keys(d.fields)
  return {
    projectOf: (r: AnyRec) => r.projectId,
    toApi: (r: AnyRec) => Object.fromEntries(keys.map((k) => [k, r[k] ?? null])),
    ...d,
  }
}

const configFields = {
  projectId: projectIdField,
  name: { type: str, input: name, required: true },
  description: { type: str, input: z.string().max(2000) },
  bearerToken: { type: str, input: bearerToken },
  autoProvisionUsers: { type: z.boolean(), input: z.boolean() },
  autoDeprovisionUsers: { type: z.boolean(), input: z.boolean() },
  compatibility: { type: compatibilitySchema, input: compatibilitySchema },
} satisfies Record<string, FieldDef>

function createScimConfig(tx: Tx, ctx: WriteCtx, kind: 'project' | 'statusPage', d: AnyRec): ScimConfig {
  const common = {
    projectId: ctx.projectId,
    name: d.name,
    description: d.description ?? '',
    autoProvisionUsers: d.autoProvisionUsers ?? true,
    autoDeprovisionUsers: d.autoDeprovisionUsers ?? true,
    compatibility: d.compatibility ?? 'tolerant',
    ...(d.bearerToken !== undefined ? { bearerToken: d.bearerToken } : {}),
  }
  return kind === 'project'
    ? createConfig(tx, ctx, { kind, ...common, defaultTeams: d.defaultTeams ?? [], enablePushGroups: d.enablePushGroups ?? false })
    : createConfig(tx, ctx, { kind, ...common, statusPageId: d.statusPageId })
}

/** Settings through updateConfig; a new bearerToken is a rotation (the old one is refused at once), as in the UI. */
function updateScimConfig(tx: Tx, ctx: WriteCtx, rec: ScimConfig, d: AnyRec): void {
  const { bearerToken: token, ...patch } = d
  updateConfig(tx, ctx, rec.id, patch)
  if (token !== undefined && token !== rec.bearerToken) rotateToken(tx, ctx, rec.id, { bearerToken: token })
}

const scimConfigsOfKind = (store: StoreReader, projectId: string, kind: ScimConfig['kind']) => store.find('scimConfigs', 'project', projectId).filter((c) => c.kind === kind)

export const MODELS: Record<string, ModelDef> = {
  project: def({
    name: 'project',
    title: 'Project',
    collection: 'projects',
    fields: { name: { type: str, input: name, required: true } },
    permissions: { read: 'any', create: ['ProjectOwner'], update: ['ProjectOwner'], delete: ['ProjectOwner'] },
    list: (s, p) => {
      const rec = s.get('projects', p)
      return rec ? [rec] : []
    },
    projectOf: (r) => r.id,
    create: (tx, ctx, d: AnyRec) => createProject(tx, ctx, { name: d.name }),
    update: (tx, ctx, r, d: AnyRec) => void updateProject(tx, ctx, r.id, d),
    delete: (tx, ctx, r) => deleteProject(tx, ctx, r.id),
  }),
  team: def({
    name: 'team',
    title: 'Team',
    collection: 'teams',
    fields: { projectId: projectIdField, name: { type: str, input: name, required: true } },
    permissions: ADMIN_MODEL,
    list: (s, p) => s.find('teams', 'project', p),
    create: (tx, ctx, d: AnyRec) => createTeam(tx, ctx, ctx.projectId, { name: d.name }),
    update: (tx, ctx, r, d: AnyRec) => void updateTeam(tx, ctx, r.id, d),
    delete: (tx, ctx, r) => deleteTeam(tx, ctx, r.id),
  }),
  'team-member': def({
    name: 'team-member',
    title: 'Team Member',
    collection: 'teamMembers',
    fields: {
      projectId: projectIdField,
      teamId: { type: str, input: str, createOnly: true, required: true },
      userId: { type: str, input: str, createOnly: true, required: true },
    },
    permissions: ADMIN_MODEL,
    list: (s, p) => [...s.find('teams', 'project', p)].flatMap((t) => s.find('teamMembers', 'team', t.id)),
    create: (tx, ctx, d: AnyRec) => createTeamMember(tx, ctx, ctx.projectId, { teamId: d.teamId, userId: d.userId }),
    update: () => {},
    delete: (tx, ctx, r) => deleteTeamMember(tx, ctx, r.id),
  }),
  user: def({
    name: 'user',
    title: 'User',
    collection: 'accounts',
    fields: { email: { type: str, input: email, required: true }, name: { type: str, input: z.string().max(200) } },
    permissions: ADMIN_MODEL,
    list: (s, p) => s.find('accounts', 'project', p),
    create: (tx, ctx, d: AnyRec) => createAccount(tx, ctx, ctx.projectId, { email: d.email, name: d.name }),
    update: (tx, ctx, r, d: AnyRec) => void updateAccount(tx, ctx, r.id, d),
    delete: (tx, ctx, r) => deleteAccount(tx, ctx, r.id),
  }),
  'status-page': def({
    name: 'status-page',
    title: 'Status Page',
    collection: 'statusPages',
    fields: { projectId: projectIdField, name: { type: str, input: name, required: true } },
    permissions: ADMIN_MODEL,
    list: (s, p) => s.find('statusPages', 'project', p),
    create: (tx, ctx, d: AnyRec) => createStatusPage(tx, ctx, ctx.projectId, { name: d.name }),
    update: (tx, ctx, r, d: AnyRec) => void updateStatusPage(tx, ctx, r.id, d),
    delete: (tx, ctx, r) => deleteStatusPage(tx, ctx, r.id),
  }),
  'status-page-private-user': def({
    name: 'status-page-private-user',
    title: 'Status Page Private User',
    collection: 'privateUsers',
    fields: {
      projectId: projectIdField,
      statusPageId: { type: str, input: str, createOnly: true, required: true },
      email: { type: str, input: email, required: true },
    },
    permissions: ADMIN_MODEL,
    list: (s, p) => [...s.find('statusPages', 'project', p)].flatMap((sp) => s.find('privateUsers', 'statusPage', sp.id)),
    create: (tx, ctx, d: AnyRec) => createPrivateUser(tx, ctx, ctx.projectId, { statusPageId: d.statusPageId, email: d.email }),
    update: (tx, ctx, r, d: AnyRec) => void updatePrivateUser(tx, ctx, r.id, d),
    delete: (tx, ctx, r) => deletePrivateUser(tx, ctx, r.id),
  }),
  'project-scim': def({
    name: 'project-scim',
    title: 'Project SCIM',
    collection: 'scimConfigs',
    fields: {
      ...configFields,
      defaultTeams: { type: z.array(str), input: z.array(str) },
      enablePushGroups: { type: z.boolean(), input: z.boolean() },
    },
    permissions: ADMIN_MODEL,
    list: (s, p) => scimConfigsOfKind(s, p, 'project'),
    owns: (r) => (r as ScimConfig).kind === 'project',
    create: (tx, ctx, d) => createScimConfig(tx, ctx, 'project', d),
    update: (tx, ctx, r, d) => updateScimConfig(tx, ctx, r as ScimConfig, d),
    delete: (tx, ctx, r) => deleteConfig(tx, ctx, r.id),
  }),
  'status-page-scim': def({
    name: 'status-page-scim',
    title: 'Status Page SCIM',
    collection: 'scimConfigs',
    fields: { ...configFields, statusPageId: { type: str, input: str, createOnly: true, required: true } },
    permissions: {
      read: ['ProjectOwner', 'ProjectAdmin', 'ProjectMember', 'ReadStatusPageSSO', 'ReadAllProjectResources'],
      create: ['ProjectOwner', 'ProjectAdmin', 'CreateStatusPageSSO'],
      update: ['ProjectOwner', 'ProjectAdmin', 'EditStatusPageSSO'],
      delete: ['ProjectOwner', 'ProjectAdmin', 'DeleteStatusPageSSO'],
    },
    list: (s, p) => scimConfigsOfKind(s, p, 'statusPage'),
    owns: (r) => (r as ScimConfig).kind === 'statusPage',
    create: (tx, ctx, d) => createScimConfig(tx, ctx, 'statusPage', d),
    update: (tx, ctx, r, d) => updateScimConfig(tx, ctx, r as ScimConfig, d),
    delete: (tx, ctx, r) => deleteConfig(tx, ctx, r.id),
  }),
  'api-key': def({
    name: 'api-key',
    title: 'API Key',
    collection: 'apiKeys',
    fields: {
      projectId: projectIdField,
      name: { type: str, input: name, required: true },
      permissions: { type: z.array(permissionSchema), input: z.array(permissionSchema).min(1, 'at least one permission'), required: true },
      /** The first characters of the key, to recognise it by; the key itself is shown once, in the create answer. */
      keyPrefix: { type: str },
    },
    permissions: { read: OWNER_ADMIN, create: OWNER_ADMIN, update: OWNER_ADMIN, delete: OWNER_ADMIN },
    list: (s, p) => s.find('apiKeys', 'project', p),
    create: (tx, ctx, d: AnyRec) => {
      const { key, ...secret } = ctx.newKey()
      const rec = createApiKey(tx, ctx, ctx.projectId, { name: d.name, permissions: d.permissions }, secret)
      return Object.assign({}, rec, { key })
    },
    update: (tx, ctx, r, d: AnyRec) => void updateApiKey(tx, ctx, r.id, d),
    delete: (tx, ctx, r) => deleteApiKey(tx, ctx, r.id),
  }),
}

export const COMMON_FIELDS: Record<string, FieldDef> = {
  _id: { type: str },
  createdAt: { type: str },
  updatedAt: { type: str },
  createdByUserId: { type: str.nullable() },
}
