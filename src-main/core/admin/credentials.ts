import {
  apiKeyInputSchema,
  iamTenantInputSchema,
  iamTenantPatchSchema,
  iamTokenInputSchema,
  iamTokenPatchSchema,
  oauthClientInputSchema,
  type ApiKeyCreated,
  type ApiKeyView,
  type IamTenantView,
  type IamTokenCreated,
  type IamTokenView,
  type OAuthClientSecret,
  type OAuthClientView,
} from '@shared/control'
import type { ApiKey, RecordOf } from '@shared/workspace'
import type { Engine } from '../engine'
import type { Tx } from '../store/memory-store'
import { createToken, revokeToken, TokenNotFound, updateToken, type IamScimToken } from '../tokens/scim-tokens'
import type { Written } from './admin'
import { conflict, notFound } from './errors'
import { uniqueId } from './ids'
import { getProject } from './projects'
import { createApiKey, deleteApiKey } from './records'
import { parseInput } from './validate'

/** A new secret as the server makes it: the value (answered once), its SHA-256 digest and a short prefix (stored). */
export interface NewSecret {
  secret: string
  sha256: string
  prefix: string
}
/** Made by the server (core has no crypto): `kind` picks the secret's readable prefix. */
export type SecretMaker = (kind: 'apiKey' | 'oauthClient' | 'iamToken') => NewSecret

type OAuthClient = RecordOf<'oauthClients'>
type IamTenant = RecordOf<'iamTenants'>

export const apiKeyView = (k: ApiKey): ApiKeyView => ({ id: k.id, projectId: k.projectId, name: k.name, keyPrefix: k.keyPrefix, permissions: k.permissions, createdAt: k.createdAt })
export const oauthClientView = (c: OAuthClient): OAuthClientView => ({ clientId: c.id, scopes: c.scopes, createdAt: c.createdAt })
export const iamTokenView = (t: IamScimToken): IamTokenView => ({
  id: t.id,
  tenantId: t.tenantId,
  name: t.name,
  tokenPrefix: t.tokenPrefix,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  enabled: t.enabled,
  revokedAt: t.revokedAt,
})

const tokenErrors = <T>(fn: () => T): T => {
  try {
    return fn()
  } catch (e) {
    if (e instanceof TokenNotFound) throw notFound(e.what === 'tenant' ? `no IAM tenant "${e.id}"` : `no IAM SCIM token "${e.id}"`)
    throw e
  }
}

/**
 * API keys, OAuth clients, IAM tenants and their SCIM tokens for the control API (the Configs screen's credentials).
 * Like WorkspaceAdmin: the raw body is validated with the contract's schema, each change is one engine transaction,
 * an error is an AdminError thrown before anything changed. Secrets are made by the server, answered once and stored
 * as digests. IAM token changes reuse the tokens admin API's logic (core/tokens) and its events.
 */
export class CredentialsAdmin {
  constructor(
    private readonly engine: Engine,
    private readonly opts: { secrets: SecretMaker; iamBaseUrl: (tenantId: string) => string },
  ) {}

  private get store() {
    return this.engine.store
  }

  private async write<T>(fn: (tx: Tx, now: string) => T): Promise<Written<T>> {
    const now = this.engine.ports.clock.now().toISOString()
    const c = await this.engine.write((tx) => fn(tx, now))
    return { value: c.value, events: c.events }
  }

  private ctx(now: string) {
    return { now, ids: this.engine.ports.ids, tokens: { next: () => this.opts.secrets('apiKey').secret } }
  }

  // ——— API keys ———

  listApiKeys(projectId: string): ApiKeyView[] {
    getProject(this.store, projectId)
    return [...this.store.all('apiKeys')].filter((k) => k.projectId === projectId).map(apiKeyView)
  }

  createApiKey(projectId: string, body: unknown): Promise<Written<ApiKeyCreated>> {
    getProject(this.store, projectId)
    const input = parseInput(apiKeyInputSchema, body)
    const s = this.opts.secrets('apiKey')
    return this.write((tx, now) => ({ ...apiKeyView(createApiKey(tx, this.ctx(now), projectId, input, { keySha256: s.sha256, keyPrefix: s.prefix })), key: s.secret }))
  }

  deleteApiKey(id: string): Promise<Written<void>> {
    return this.write((tx, now) => deleteApiKey(tx, this.ctx(now), id))
  }

  // ——— OAuth clients ———

  listOAuthClients(): OAuthClientView[] {
    return [...this.store.all('oauthClients')].map(oauthClientView)
  }

  private getClient(store: { get: Tx['get'] }, id: string): OAuthClient {
    const c = store.get('oauthClients', id)
    if (!c) throw notFound(`no OAuth client "${id}"`)
    return c
  }

  createOAuthClient(body: unknown): Promise<Written<OAuthClientSecret>> {
    const input = parseInput(oauthClientInputSchema, body)
    const s = this.opts.secrets('oauthClient')
    return this.write((tx, now) => {
      if (input.clientId !== undefined && tx.get('oauthClients', input.clientId)) throw conflict(`an OAuth client with id "${input.clientId}" already exists`)
      const id = input.clientId ?? uniqueId('client', 'client', (x) => tx.get('oauthClients', x) !== undefined)
      const rec: OAuthClient = { id, clientSecretSha256: s.sha256, scopes: [...new Set(input.scopes)], createdAt: now, updatedAt: now }
      tx.put('oauthClients', rec)
      tx.event({ type: 'oauthClient.created', message: `created OAuth client ${id} (${rec.scopes.join(' ') || 'no scopes'})` })
      return { clientId: id, clientSecret: s.secret, scopes: rec.scopes }
    })
  }

  rotateOAuthClientSecret(id: string): Promise<Written<OAuthClientSecret>> {
    this.getClient(this.store, id)
    const s = this.opts.secrets('oauthClient')
    return this.write((tx, now) => {
      const prev = this.getClient(tx, id)
      tx.put('oauthClients', { ...prev, clientSecretSha256: s.sha256, updatedAt: now })
      tx.event({ type: 'oauthClient.secretRotated', message: `rotated the secret of OAuth client ${id}; the old one no longer works` })
      return { clientId: id, clientSecret: s.secret, scopes: prev.scopes }
    })
  }

  deleteOAuthClient(id: string): Promise<Written<void>> {
    return this.write((tx) => {
      this.getClient(tx, id)
      tx.delete('oauthClients', id)
      tx.event({ type: 'oauthClient.deleted', message: `deleted OAuth client ${id}` })
    })
  }

  // ——— IAM tenants ———

  getTenant(id: string): IamTenant {
    const t = this.store.get('iamTenants', id)
    if (!t) throw notFound(`no IAM tenant "${id}"`)
    return t
  }

  private tenantView(t: IamTenant): IamTenantView {
    return {
      id: t.id,
      name: t.name,
      scimBaseUrl: this.opts.iamBaseUrl(t.id),
      tokenCount: this.store.find('iamScimTokens', 'tenant', t.id).length,
      wireFormat: t.wireFormat ?? 'reference',
    }
  }

  listTenants(): IamTenantView[] {
    return [...this.store.all('iamTenants')].map((t) => this.tenantView(t))
  }

  async createTenant(body: unknown): Promise<Written<IamTenantView>> {
    const input = parseInput(iamTenantInputSchema, body)
    const w = await this.write((tx, now) => {
      if (input.id !== undefined && tx.get('iamTenants', input.id)) throw conflict(`an IAM tenant with id "${input.id}" already exists`)
      const id = input.id ?? uniqueId(input.name, 'tenant', (x) => tx.get('iamTenants', x) !== undefined)
      const rec: IamTenant = { id, name: input.name, ...(input.wireFormat === 'rfc7643' ? { wireFormat: input.wireFormat } : {}), createdAt: now, updatedAt: now }
      tx.put('iamTenants', rec)
      tx.event({ type: 'iamTenant.created', message: `created IAM tenant ${rec.name} (${id})` })
      return rec
    })
    return { value: this.tenantView(w.value), events: w.events }
  }

  /** Renames a tenant or switches how its IAM SCIM surface answers; the next request sees the change. */
  async updateTenant(id: string, body: unknown): Promise<Written<IamTenantView>> {
    const input = parseInput(iamTenantPatchSchema, body)
    const w = await this.write((tx, now) => {
      const prev = this.getTenant(id)
      const next: IamTenant = { ...prev, ...(input.name !== undefined ? { name: input.name } : {}), ...(input.wireFormat !== undefined ? { wireFormat: input.wireFormat } : {}) }
      const changed: string[] = []
      if (next.name !== prev.name) changed.push(`renamed to ${next.name}`)
      if ((next.wireFormat ?? 'reference') !== (prev.wireFormat ?? 'reference')) {
        changed.push(next.wireFormat === 'rfc7643' ? 'answers as RFC 7643 SCIM (for Okta and Entra)' : "answers in the reference's envelope")
      }
      if (!changed.length) return prev
      next.updatedAt = now
      tx.put('iamTenants', next)
      tx.event({ type: 'iamTenant.updated', message: `IAM tenant ${prev.name} (${id}): ${changed.join(', ')}` })
      return next
    })
    return { value: this.tenantView(w.value), events: w.events }
  }

  /** The tenant with all its SCIM tokens and all its IAM SCIM resources (they refer only to each other, within the tenant). */
  deleteTenant(id: string): Promise<Written<void>> {
    this.getTenant(id)
    return this.write((tx) => {
      const tokens = tx.find('iamScimTokens', 'tenant', id)
      for (const t of tokens) tx.delete('iamScimTokens', t.id)
      const resources = tx.find('iamResources', 'tenant', id)
      for (const r of resources) tx.delete('iamResources', r.id)
      tx.delete('iamTenants', id)
      const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`
      tx.event({ type: 'iamTenant.deleted', message: `deleted IAM tenant ${id}, its ${n(tokens.length, 'SCIM token')} and its ${n(resources.length, 'IAM resource')}` })
    })
  }

  // ——— IAM SCIM tokens ———

  listTokens(tenantId: string): IamTokenView[] {
    this.getTenant(tenantId)
    const all = [...this.store.find('iamScimTokens', 'tenant', tenantId)]
    all.sort((a, b) => (a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? 1 : -1))
    return all.map(iamTokenView)
  }

  createToken(tenantId: string, body: unknown): Promise<Written<IamTokenCreated>> {
    this.getTenant(tenantId)
    const input = parseInput(iamTokenInputSchema, body)
    const s = this.opts.secrets('iamToken')
    return this.write((tx, now) => {
      const rec = tokenErrors(() =>
        createToken(tx, { now, id: this.engine.ports.ids.next() }, { name: input.name, tenant_id: tenantId, expires_at: input.expiresAt ?? null }, { sha256: s.sha256, prefix: s.prefix }),
      )
      return { ...iamTokenView(rec), token: s.secret }
    })
  }

  updateToken(id: string, body: unknown): Promise<Written<IamTokenView>> {
    if (!this.store.get('iamScimTokens', id)) throw notFound(`no IAM SCIM token "${id}"`)
    const patch = parseInput(iamTokenPatchSchema, body)
    return this.write((tx, now) =>
      iamTokenView(tokenErrors(() => updateToken(tx, { now, id }, id, { name: patch.name, enabled: patch.enabled, expires_at: patch.expiresAt }))),
    )
  }

  revokeToken(id: string): Promise<Written<void>> {
    return this.write((tx, now) => {
      tokenErrors(() => revokeToken(tx, { now, id }, id))
    })
  }
}
