import { useId, useMemo, type ReactNode } from 'react'
import { useStore } from 'zustand'
import type { IamGraph, IamTenantView } from '@shared/control'
import { useLiveScreen } from '../../app/use-live-screen'
import { Button, Empty, ErrorBanner, Loading } from '../../ui/primitives'
import { iamKey, indexIamGraph, useIamDirectoryStore, type IamIndex, type IamRole, type IamStatement } from './iam-store'

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`
const matches = (q: string, ...texts: (string | null | undefined)[]) => !q || texts.some((t) => t?.toLowerCase().includes(q))

/**
 * The Directory's IAM tab: per IAM tenant, its IAM SCIM resources as a graph — each role's permissions, their
 * statements as actions on resources, the role's own statements, claim mapper and members — then the groups, users,
 * resource types (with their actions and resources), actions and permissions. Live: IAM changes refetch and flash.
 */
export function IamDirectory({ query }: { query: string }) {
  const store = useIamDirectoryStore()
  const status = useStore(store, (s) => s.status)
  const loadError = useStore(store, (s) => s.loadError)
  const refreshError = useStore(store, (s) => s.refreshError)
  const tenants = useStore(store, (s) => s.tenants)
  const tenantId = useStore(store, (s) => s.tenantId)
  const graph = useStore(store, (s) => s.graph)
  const pickerId = useId()
  useLiveScreen(store)

  if (status === 'loading') return <Loading what="the IAM tenants" />
  if (status === 'error') return <ErrorBanner error={loadError} onRetry={() => void store.getState().load()} />
  const tenant = tenants.find((t) => t.id === tenantId) ?? null
  return (
    <div className="iam-view">
      {refreshError ? <ErrorBanner error={refreshError} onRetry={() => void store.getState().refresh()} onDismiss={() => store.setState({ refreshError: null })} /> : null}
      {!tenant ? (
        <Empty title="No IAM tenants">
          An IAM tenant&apos;s actions, resource types, resources, permissions, roles, groups and users show here. Create a tenant under Configs &amp; tokens → IAM; its IAM SCIM API is at{' '}
          <code>/iam/scim/v2/&lt;tenant&gt;</code>.
        </Empty>
      ) : (
        <>
          <div className="iam-toolbar">
            <label htmlFor={pickerId}>Tenant</label>
            <select id={pickerId} value={tenant.id} onChange={(e) => store.getState().setTenant(e.target.value)}>
              {tenants.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name} ({t.id})
                </option>
              ))}
            </select>
            <code className="iam-base faint" title="The tenant's IAM SCIM base URL">
              {tenant.scimBaseUrl}
            </code>
            <WireFormatBadge format={tenant.wireFormat} />
            {graph ? <Counts graph={graph} /> : null}
          </div>
          {!graph || graph.tenantId !== tenant.id ? <Loading what={`the IAM resources of ${tenant.name}`} /> : <TenantGraph graph={graph} baseUrl={tenant.scimBaseUrl} query={query} />}
        </>
      )}
    </div>
  )
}

/** How the tenant answers at that base URL (set under Configs & tokens → IAM). */
function WireFormatBadge({ format }: { format: IamTenantView['wireFormat'] }) {
  const rfc = format === 'rfc7643'
  return (
    <span
      className={`badge iam-wire iam-wire-${format}`}
      title={rfc ? 'Answers as plain RFC 7643 SCIM JSON (what Okta, Entra and the simulator read)' : 'Answers with the IAM SCIM reference’s envelope {schemas, id, externalID, meta, attributes}'}
    >
      {rfc ? 'RFC 7643' : 'reference envelope'}
    </span>
  )
}

function Counts({ graph: g }: { graph: IamGraph }) {
  const parts = [
    plural(g.roles.length, 'role'),
    plural(g.permissions.length, 'permission'),
    plural(g.resourceTypes.length, 'resource type'),
    plural(g.resources.length, 'resource'),
    plural(g.actions.length, 'action'),
    plural(g.groups.length, 'group'),
    plural(g.users.length, 'user'),
  ]
  return (
    <span className="iam-counts" aria-label="IAM resource counts">
      {parts.join(' · ')}
    </span>
  )
}

const total = (g: IamGraph) => g.actions.length + g.resourceTypes.length + g.resources.length + g.permissions.length + g.roles.length + g.groups.length + g.users.length

function TenantGraph({ graph: g, baseUrl, query }: { graph: IamGraph; baseUrl: string; query: string }) {
  const store = useIamDirectoryStore()
  const flash = useStore(store, (s) => s.flash)
  const expanded = useStore(store, (s) => s.expanded)
  const ix = useMemo(() => indexIamGraph(g), [g])
  const q = query.trim().toLowerCase()

  if (total(g) === 0) {
    return (
      <Empty title={`No IAM resources in ${g.tenantName} yet`}>
        Create actions, resource types, resources, permissions, roles, groups and users with the tenant&apos;s IAM SCIM API at <code>{baseUrl}</code> (
        <code>/iam/scim/v2/{g.tenantId}</code>), authenticated with a SCIM token from Configs &amp; tokens → IAM. They show here as they are created.
      </Empty>
    )
  }

  const roles = g.roles.filter((r) => matches(q, r.name, r.description) || r.permissionIds.some((p) => matches(q, ix.permissions.get(p)?.name)))
  const groups = g.groups.filter((x) => matches(q, x.displayName))
  const users = g.users.filter((u) => matches(q, u.userName, u.displayName, u.email))
  const types = g.resourceTypes.filter((t) => matches(q, t.name, t.slug) || (ix.resourcesByType.get(t.id) ?? []).some((r) => matches(q, r.name, r.slug)))
  const actions = g.actions.filter((a) => matches(q, a.name, a.description))
  const permissions = g.permissions.filter((p) => matches(q, p.name, p.description))
  const none = (what: string, all: number) => <div className="faint dir-none">{all ? `No ${what} matches the filter.` : `No ${what}s yet.`}</div>
  const flashed = (kind: Parameters<typeof iamKey>[0], id: string) => (flash.has(iamKey(kind, id)) ? 'row-flash' : undefined)
  const groupsOfUser = (userId: string) => g.groups.filter((x) => x.members.some((m) => m.id === userId))
  const rolesOfPermission = (id: string) => g.roles.filter((r) => r.permissionIds.includes(id))

  return (
    <div className="dir-sections">
      <section className="dir-section" aria-label="Roles">
        <h3>
          Roles <span className="faint">{plural(g.roles.length, 'role')}: permissions → statements → actions on resources</span>
          {g.roles.length ? (
            <span className="iam-head-actions">
              <Button size="sm" variant="ghost" onClick={() => store.getState().setAllRoles(true)} disabled={expanded.size === g.roles.length}>
                Expand all
              </Button>
              <Button size="sm" variant="ghost" onClick={() => store.getState().setAllRoles(false)} disabled={expanded.size === 0}>
                Collapse all
              </Button>
            </span>
          ) : null}
        </h3>
        {roles.length ? (
          <div className="iam-cards">
            {roles.map((r) => (
              <RoleCard key={r.id} role={r} ix={ix} open={expanded.has(r.id)} flash={flash.has(iamKey('role', r.id))} onToggle={() => store.getState().toggleRole(r.id)} />
            ))}
          </div>
        ) : (
          none('role', g.roles.length)
        )}
      </section>

      <IamTable
        label="IAM groups"
        heading={<>Groups <span className="faint">{plural(g.groups.length, 'group')}</span></>}
        columns={[{ label: 'displayName', className: 'w-name' }, { label: 'Members', className: 'w-num' }, { label: 'Who' }, { label: 'Roles', className: 'w-ext' }]}
        empty={groups.length ? null : none('group', g.groups.length)}
      >
        {groups.map((x) => (
          <tr key={x.id} className={flashed('group', x.id)}>
            <td className="dir-ellipsis" title={`id ${x.id}`}>
              {x.displayName}
            </td>
            <td className="w-num num">{x.members.length.toLocaleString('en-US')}</td>
            <td>
              <Members members={x.members} ix={ix} />
            </td>
            <td>
              <RoleChips roles={ix.rolesByMember.get(x.id) ?? []} />
            </td>
          </tr>
        ))}
      </IamTable>

      <IamTable
        label="IAM users"
        heading={<>Users <span className="faint">{plural(g.users.length, 'user')}</span></>}
        columns={[{ label: 'userName', className: 'w-email' }, { label: 'displayName', className: 'w-name' }, { label: 'active', className: 'w-num' }, { label: 'email', className: 'w-ext' }, { label: 'Groups and roles' }]}
        empty={users.length ? null : none('user', g.users.length)}
      >
        {users.map((u) => (
          <tr key={u.id} className={flashed('user', u.id)}>
            <td className="mono dir-ellipsis" title={`id ${u.id}`}>
              {u.userName}
            </td>
            <td className="dir-ellipsis">{u.displayName || <span className="faint">—</span>}</td>
            <td>{u.active ? <span className="badge badge-ok">true</span> : <span className="badge badge-warn">false</span>}</td>
            <td className="mono dir-ellipsis">{u.email ?? <span className="faint">—</span>}</td>
            <td>
              <span className="dir-chips">
                {groupsOfUser(u.id).map((x) => (
                  <span key={x.id} className="dir-chip" title="group">
                    {x.displayName}
                  </span>
                ))}
                <RoleChips roles={ix.rolesByMember.get(u.id) ?? []} bare />
                {groupsOfUser(u.id).flatMap((x) =>
                  (ix.rolesByMember.get(x.id) ?? []).map((r) => (
                    <span key={`${x.id}:${r.id}`} className="dir-chip iam-role-chip iam-via" title={`role, held through the group ${x.displayName}`}>
                      {r.name} <span className="faint">via {x.displayName}</span>
                    </span>
                  )),
                )}
              </span>
            </td>
          </tr>
        ))}
      </IamTable>

      <IamTable
        label="Resource types"
        heading={
          <>
            Resource types{' '}
            <span className="faint">
              {plural(g.resourceTypes.length, 'resource type')}, {plural(g.resources.length, 'resource')}
            </span>
          </>
        }
        columns={[{ label: 'Resource type', className: 'w-name' }, { label: 'Actions', className: 'w-ext' }, { label: 'Resources' }]}
        empty={types.length ? null : none('resource type', g.resourceTypes.length)}
      >
        {types.map((t) => (
          <tr key={t.id} className={flashed('resourceType', t.id)}>
            <td className="dir-ellipsis" title={`id ${t.id}, slug ${t.slug || '—'}`}>
              {t.name}
            </td>
            <td>
              <span className="dir-chips">
                {t.actionIds.map((a) => (
                  <span key={a} className="dir-chip iam-action-chip">
                    {ix.actions.get(a)?.name ?? a}
                  </span>
                ))}
                {t.actionIds.length === 0 ? <span className="faint">no actions</span> : null}
              </span>
            </td>
            <td>
              <span className="dir-chips">
                {(ix.resourcesByType.get(t.id) ?? []).map((r) => (
                  <span key={r.id} className="dir-chip" title={`id ${r.id}, slug ${r.slug || '—'}`}>
                    {r.name}
                  </span>
                ))}
                {(ix.resourcesByType.get(t.id) ?? []).length === 0 ? <span className="faint">no resources</span> : null}
              </span>
            </td>
          </tr>
        ))}
      </IamTable>

      <IamTable
        label="Permissions"
        heading={<>Permissions <span className="faint">{plural(g.permissions.length, 'permission')}</span></>}
        columns={[{ label: 'Permission', className: 'w-name' }, { label: 'Statements' }, { label: 'In roles', className: 'w-ext' }]}
        empty={permissions.length ? null : none('permission', g.permissions.length)}
      >
        {permissions.map((p) => (
          <tr key={p.id} className={flashed('permission', p.id)}>
            <td className="dir-ellipsis" title={p.description || `id ${p.id}`}>
              {p.name}
            </td>
            <td>
              <Statements statements={p.statements} ix={ix} label={`Statements of ${p.name}`} />
            </td>
            <td>
              <RoleChips roles={rolesOfPermission(p.id)} />
            </td>
          </tr>
        ))}
      </IamTable>

      <IamTable
        label="Actions"
        heading={<>Actions <span className="faint">{plural(g.actions.length, 'action')}</span></>}
        columns={[{ label: 'Action', className: 'w-name' }, { label: 'Description' }, { label: 'In resource types', className: 'w-ext' }]}
        empty={actions.length ? null : none('action', g.actions.length)}
      >
        {actions.map((a) => (
          <tr key={a.id} className={flashed('action', a.id)}>
            <td className="mono dir-ellipsis" title={`id ${a.id}`}>
              {a.name}
            </td>
            <td className="dir-ellipsis">{a.description || <span className="faint">—</span>}</td>
            <td className="dir-ellipsis">
              {g.resourceTypes
                .filter((t) => t.actionIds.includes(a.id))
                .map((t) => t.name)
                .join(', ') || <span className="faint">—</span>}
            </td>
          </tr>
        ))}
      </IamTable>
    </div>
  )
}

/** One of the tab's tables under its heading; `empty` (the "none yet" / "none match" line) replaces the table. */
function IamTable({ label, heading, columns, empty, children }: { label: string; heading: ReactNode; columns: { label: string; className?: string }[]; empty: ReactNode; children: ReactNode }) {
  return (
    <section className="dir-section" aria-label={label}>
      <h3>{heading}</h3>
      {empty ?? (
        <table className="grid dir-table" aria-label={label}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.label} className={c.className}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      )}
    </section>
  )
}

function RoleCard({ role: r, ix, open, flash, onToggle }: { role: IamRole; ix: IamIndex; open: boolean; flash: boolean; onToggle: () => void }) {
  const bodyId = useId()
  const claims = Object.entries(r.claimMapper)
  return (
    <article className={`iam-card ${flash ? 'iam-flash' : ''}`} aria-label={`Role ${r.name}`}>
      <h4 className="iam-card-head">
        <button type="button" className="iam-toggle" aria-expanded={open} aria-controls={open ? bodyId : undefined} onClick={onToggle} title={`id ${r.id}`}>
          <span className="iam-caret" aria-hidden="true">
            ▸
          </span>
          {r.name}
        </button>
        <span className="badge" title="member_count">
          {plural(r.members.length, 'member')}
        </span>
        <span className="badge">{plural(r.permissionIds.length, 'permission')}</span>
        {r.statements.length ? <span className="badge">{plural(r.statements.length, 'inline statement')}</span> : null}
        {claims.map(([k, v]) => (
          <span key={k} className="dir-chip iam-claim" title="claim_mapper">
            {k} → {v}
          </span>
        ))}
        {r.description ? <span className="faint iam-desc">{r.description}</span> : null}
      </h4>
      {open ? (
        <div className="iam-card-body" id={bodyId}>
          <Row label="Permissions">
            {r.permissionIds.length ? (
              <ul className="iam-tree" aria-label={`Permissions of ${r.name}`}>
                {r.permissionIds.map((pid) => {
                  const p = ix.permissions.get(pid)
                  return (
                    <li key={pid}>
                      <span className="iam-perm">{p?.name ?? <span className="faint mono">{pid}</span>}</span>
                      {p?.description ? <span className="faint"> — {p.description}</span> : null}
                      {p ? <Statements statements={p.statements} ix={ix} label={`Statements of ${p.name}`} /> : null}
                    </li>
                  )
                })}
              </ul>
            ) : (
              <span className="faint">none</span>
            )}
          </Row>
          {r.statements.length ? (
            <Row label="Inline statements">
              <Statements statements={r.statements} ix={ix} label={`Inline statements of ${r.name}`} />
            </Row>
          ) : null}
          <Row label="Claim mapper">
            {claims.length ? (
              <span className="dir-chips">
                {claims.map(([k, v]) => (
                  <span key={k} className="dir-chip mono">
                    {k}: {v}
                  </span>
                ))}
              </span>
            ) : (
              <span className="faint">none</span>
            )}
          </Row>
          <Row label="Members">
            <Members members={r.members} ix={ix} />
          </Row>
        </div>
      ) : null}
    </article>
  )
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <div className="iam-label">{label}</div>
      <div className="iam-value">{children}</div>
    </>
  )
}

/** Each statement as "actions on resource (type)". */
function Statements({ statements, ix, label }: { statements: IamStatement[]; ix: IamIndex; label: string }) {
  if (!statements.length) return <div className="faint iam-stmt">no statements</div>
  return (
    <ul className="iam-stmts" aria-label={label}>
      {statements.map((s, i) => {
        const res = ix.resources.get(s.resourceId)
        const type = res ? ix.resourceTypes.get(res.typeId) : undefined
        return (
          <li key={i} className="iam-stmt">
            <span className="iam-actions">{s.actionIds.map((a) => ix.actions.get(a)?.name ?? a).join(', ')}</span>
            <span className="iam-on"> on </span>
            <span className="iam-resource">{res?.name ?? s.resourceId}</span>
            {type ? <span className="faint"> ({type.name})</span> : null}
          </li>
        )
      })}
    </ul>
  )
}

function Members({ members, ix }: { members: { id: string; type: 'User' | 'Group' }[]; ix: IamIndex }) {
  if (!members.length) return <span className="faint">no members</span>
  return (
    <span className="dir-chips">
      {members.map((m) => {
        if (m.type === 'Group') {
          const grp = ix.groups.get(m.id)
          return (
            <span key={`g:${m.id}`} className="dir-chip dir-chip-pushed" title={`group ${m.id}`}>
              {grp?.displayName ?? m.id} <span className="faint">(group, {plural(grp?.members.length ?? 0, 'member')})</span>
            </span>
          )
        }
        const u = ix.users.get(m.id)
        return (
          <span key={`u:${m.id}`} className="dir-chip dir-chip-member" title={u ? `${u.userName} (user ${m.id})` : `user ${m.id}`}>
            {u ? u.displayName || u.userName : m.id}
          </span>
        )
      })}
    </span>
  )
}

function RoleChips({ roles, bare }: { roles: IamRole[]; bare?: boolean }) {
  const chips = roles.map((r) => (
    <span key={r.id} className="dir-chip iam-role-chip" title="role">
      {r.name}
    </span>
  ))
  if (bare) return <>{chips}</>
  return <span className="dir-chips">{chips.length ? chips : <span className="faint">—</span>}</span>
}
