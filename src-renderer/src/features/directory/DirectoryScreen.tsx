import { lazy, Suspense, useDeferredValue, useMemo, useId } from 'react'
import { useStore } from 'zustand'
import { useLiveScreen } from '../../app/use-live-screen'
import { Empty, ErrorBanner, Loading } from '../../ui/primitives'
import { ShowMoreRow, useShowMore } from '../../ui/ShowMore'
import { Tabs } from '../../ui/Tabs'
import { clockTime } from '../../ui/time'
import { indexProject, rowKey, useDirectoryStore, type DirectoryProject, type DirectoryTab, type ProjectIndex } from './store'
import './directory.css'

// Loaded when the IAM tab is first opened, so the main bundle stays small for sessions that never look at IAM.
const IamDirectory = lazy(() => import('./IamDirectory').then((m) => ({ default: m.IamDirectory })))

const PAGE = 500

/** Directory: the project's accounts, teams, memberships, status-page private users and SCIM resources, and each IAM tenant's IAM resources, live. */
export function DirectoryScreen() {
  const store = useDirectoryStore()
  const status = useStore(store, (s) => s.status)
  const loadError = useStore(store, (s) => s.loadError)
  const refreshError = useStore(store, (s) => s.refreshError)
  const data = useStore(store, (s) => s.data)
  const updatedAt = useStore(store, (s) => s.updatedAt)
  const projectId = useStore(store, (s) => s.projectId)
  const query = useStore(store, (s) => s.query)
  const tab = useStore(store, (s) => s.tab)
  const searchId = useId()

  useLiveScreen(store)

  const project = data?.projects.find((p) => p.id === projectId) ?? null

  return (
    <>
      <header className="screen-header">
        <h1>Directory</h1>
        {tab === 'iam' ? (
          <span className="muted">IAM tenants</span>
        ) : data && data.projects.length > 1 ? (
          <select aria-label="Project" value={projectId ?? ''} onChange={(e) => store.getState().setProject(e.target.value)}>
            {data.projects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        ) : project ? (
          <span className="muted">{project.name}</span>
        ) : null}
        <span className="spacer" />
        {updatedAt ? (
          <span className="dir-updated faint" title="The directory refreshes as changes arrive on the live stream">
            updated {clockTime(updatedAt)}
          </span>
        ) : null}
        <label htmlFor={searchId} className="dir-sr">
          Search the directory
        </label>
        <input
          id={searchId}
          type="search"
          className="dir-search"
          placeholder="Filter by email, name, team…"
          value={query}
          onChange={(e) => store.getState().setQuery(e.target.value)}
          disabled={status !== 'ready'}
        />
      </header>
      {status === 'loading' ? <Loading what="the directory" /> : null}
      {status === 'error' ? <ErrorBanner error={loadError} onRetry={() => void store.getState().load()} /> : null}
      {refreshError ? <ErrorBanner error={refreshError} onRetry={() => void store.getState().refresh()} onDismiss={() => store.setState({ refreshError: null })} /> : null}
      {status === 'ready' ? <ProjectView project={project} query={query} /> : null}
    </>
  )
}

function matches(q: string, ...texts: (string | null | undefined)[]) {
  return texts.some((t) => t?.toLowerCase().includes(q))
}

const NO_PROJECT: DirectoryProject = { id: '', name: '', teams: [], accounts: [], statusPages: [], scimConfigs: [] }

/** The tabs: the project's sections (an empty state without a project), and IAM, whose tenants are not a project's. */
function ProjectView({ project: chosen, query }: { project: DirectoryProject | null; query: string }) {
  const store = useDirectoryStore()
  const tab = useStore(store, (s) => s.tab)
  const project = chosen ?? NO_PROJECT
  const ix = useMemo(() => indexProject(project), [project])
  const q = useDeferredValue(query.trim().toLowerCase())

  const users = useMemo(() => (q ? project.accounts.filter((a) => matches(q, a.email, a.name)) : project.accounts), [project, q])
  const teams = useMemo(
    () =>
      q
        ? project.teams.filter((t) => matches(q, t.name) || t.members.some((m) => matches(q, ix.accountsById.get(m)?.email, ix.accountsById.get(m)?.name)))
        : project.teams,
    [project, q, ix],
  )
  const privateCount = project.statusPages.reduce((n, sp) => n + (q ? sp.privateUsers.filter((u) => matches(q, u.email)).length : sp.privateUsers.length), 0)
  const scimCount = project.scimConfigs.reduce(
    (n, c) => n + (q ? (c.scimUsers ?? []).filter((u) => matches(q, u.userName, u.externalId)).length + (c.scimGroups ?? []).filter((g) => matches(q, g.displayName, g.externalId)).length : c.users + c.groups),
    0,
  )
  const n = (x: number) => x.toLocaleString('en-US')
  const tabs: { id: DirectoryTab; label: string }[] = [
    { id: 'users', label: `Users ${n(users.length)}` },
    { id: 'teams', label: `Teams ${n(teams.length)}` },
    { id: 'statusPages', label: `Status pages ${n(privateCount)}` },
    { id: 'scim', label: `SCIM resources ${n(scimCount)}` },
    { id: 'iam', label: 'IAM' },
  ]

  return (
    <div className="dir-body">
      <div className="dir-tabs">
        <Tabs tabs={tabs} value={tab} onChange={(t) => store.getState().setTab(t)} label="Directory sections" />
      </div>
      <div className="dir-panel" role="tabpanel">
        {tab === 'iam' ? (
          <Suspense fallback={<Loading what="IAM resources" />}>
            <IamDirectory query={q} />
          </Suspense>
        ) : !chosen ? (
          <Empty title="The directory is empty">No projects yet: add one under Configs &amp; tokens, or import a seed under Settings.</Empty>
        ) : (
          <>
            {tab === 'users' ? <UsersTable project={project} users={users} ix={ix} query={q} /> : null}
            {tab === 'teams' ? <TeamsTable project={project} teams={teams} ix={ix} query={q} /> : null}
            {tab === 'statusPages' ? <StatusPages project={project} ix={ix} query={q} /> : null}
            {tab === 'scim' ? <ScimResources project={project} ix={ix} query={q} /> : null}
          </>
        )}
      </div>
    </div>
  )
}

function useFlash() {
  return useStore(useDirectoryStore(), (s) => s.flash)
}

function UsersTable({ project, users, ix, query }: { project: DirectoryProject; users: DirectoryProject['accounts']; ix: ProjectIndex; query: string }) {
  const flash = useFlash()
  const page = useShowMore(users, PAGE, `${project.id}|${query}`)
  if (!project.accounts.length) return <Empty title="No user accounts">Accounts appear here as an IdP provisions them through a Project SCIM config.</Empty>
  if (!users.length) return <Empty title="No user matches the filter" />
  return (
    <>
      <table className="grid dir-table" aria-label="Users">
        <thead>
          <tr>
            <th className="w-email">Email</th>
            <th className="w-name">Name</th>
            <th>Teams</th>
            <th>SCIM links</th>
          </tr>
        </thead>
        <tbody>
          {page.visible.map((a) => {
            const teams = ix.teamsByAccount.get(a.id) ?? []
            const links = ix.linksByAccount.get(a.id) ?? []
            return (
              <tr key={a.id} className={flash.has(rowKey('acc', project.id, a.id)) ? 'row-flash' : undefined}>
                <td className="mono dir-ellipsis" title={a.email}>
                  {a.email}
                </td>
                <td className="dir-ellipsis">{a.name || <span className="faint">—</span>}</td>
                <td>
                  <span className="dir-chips">
                    {teams.length ? teams.map((t) => <TeamChip key={t.id} team={t} ix={ix} />) : <span className="faint">no team</span>}
                  </span>
                </td>
                <td>
                  <span className="dir-chips">
                    {links.length ? (
                      links.map((l) => (
                        <span key={l.configId} className={`badge ${l.active ? 'badge-ok' : 'badge-warn'}`} title={`${l.userName} via ${l.configName}`}>
                          {l.configName} · {l.active ? 'active' : 'inactive'}
                        </span>
                      ))
                    ) : (
                      <span className="faint">not provisioned</span>
                    )}
                  </span>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <ShowMoreRow remaining={page.remaining} page={page.page} onMore={page.more} onAll={page.all} what="users" />
    </>
  )
}

function TeamChip({ team, ix }: { team: { id: string; name: string; scimConfigId: string | null }; ix: ProjectIndex }) {
  const by = team.scimConfigId ? (ix.configNames.get(team.scimConfigId) ?? team.scimConfigId) : null
  return (
    <span className={`dir-chip ${by ? 'dir-chip-pushed' : ''}`} title={by ? `pushed by ${by}` : undefined}>
      {team.name}
    </span>
  )
}

const MEMBERS_SHOWN = 8

function TeamsTable({ project, teams, ix, query }: { project: DirectoryProject; teams: DirectoryProject['teams']; ix: ProjectIndex; query: string }) {
  const flash = useFlash()
  const page = useShowMore(teams, PAGE, `${project.id}|${query}`)
  if (!project.teams.length) return <Empty title="No teams">Teams are made under Configs &amp; tokens, or pushed as SCIM Groups by a config with Push groups on.</Empty>
  if (!teams.length) return <Empty title="No team matches the filter" />
  return (
    <>
      <table className="grid dir-table" aria-label="Teams">
        <thead>
          <tr>
            <th className="w-name">Team</th>
            <th className="w-origin">Origin</th>
            <th className="w-num">Members</th>
            <th>Who</th>
          </tr>
        </thead>
        <tbody>
          {page.visible.map((t) => {
            const by = t.scimConfigId ? (ix.configNames.get(t.scimConfigId) ?? t.scimConfigId) : null
            const shown = t.members.slice(0, MEMBERS_SHOWN)
            return (
              <tr key={t.id} className={flash.has(rowKey('team', project.id, t.id)) ? 'row-flash' : undefined}>
                <td className="dir-ellipsis">{t.name}</td>
                <td>{by ? <span className="badge badge-pushed">pushed by {by}</span> : <span className="faint">local</span>}</td>
                <td className="w-num num">{t.members.length.toLocaleString('en-US')}</td>
                <td>
                  <span className="dir-chips">
                    {shown.map((m) => (
                      <span key={m} className="dir-chip dir-chip-member mono" title={ix.accountsById.get(m)?.name}>
                        {ix.accountsById.get(m)?.email ?? m}
                      </span>
                    ))}
                    {t.members.length > MEMBERS_SHOWN ? <span className="faint">+{(t.members.length - MEMBERS_SHOWN).toLocaleString('en-US')} more</span> : null}
                    {t.members.length === 0 ? <span className="faint">no members</span> : null}
                  </span>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <ShowMoreRow remaining={page.remaining} page={page.page} onMore={page.more} onAll={page.all} what="teams" />
    </>
  )
}

function StatusPages({ project, ix, query }: { project: DirectoryProject; ix: ProjectIndex; query: string }) {
  if (!project.statusPages.length) return <Empty title="No status pages">A status page&apos;s private users are provisioned by its Status Page SCIM configs.</Empty>
  return (
    <div className="dir-sections">
      {project.statusPages.map((sp) => (
        <StatusPageSection key={sp.id} project={project} page={sp} ix={ix} query={query} />
      ))}
    </div>
  )
}

function StatusPageSection({ project, page: sp, ix, query }: { project: DirectoryProject; page: DirectoryProject['statusPages'][number]; ix: ProjectIndex; query: string }) {
  const flash = useFlash()
  const users = useMemo(() => (query ? sp.privateUsers.filter((u) => matches(query, u.email)) : sp.privateUsers), [sp, query])
  const page = useShowMore(users, PAGE, `${sp.id}|${query}`)
  const active = sp.privateUsers.filter((u) => u.active).length
  return (
    <section className="dir-section" aria-label={`Status page ${sp.name}`}>
      <h3>
        {sp.name} <span className="faint">
          {sp.privateUsers.length} private {sp.privateUsers.length === 1 ? 'user' : 'users'}, {active} with access
        </span>
      </h3>
      {users.length ? (
        <table className="grid dir-table">
          <thead>
            <tr>
              <th className="w-email">Email</th>
              <th className="w-origin">Access</th>
              <th>Provisioned by</th>
            </tr>
          </thead>
          <tbody>
            {page.visible.map((u) => {
              const links = ix.linksByAccount.get(u.id) ?? []
              return (
                <tr key={u.id} className={flash.has(rowKey('pu', project.id, u.id)) ? 'row-flash' : undefined}>
                  <td className="mono dir-ellipsis">{u.email}</td>
                  <td>{u.active ? <span className="badge badge-ok">active</span> : <span className="badge badge-err">revoked</span>}</td>
                  <td>{links.length ? links.map((l) => l.configName).join(', ') : <span className="faint">—</span>}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      ) : (
        <div className="faint dir-none">{sp.privateUsers.length ? 'No private user matches the filter.' : 'No private users.'}</div>
      )}
      <ShowMoreRow remaining={page.remaining} page={page.page} onMore={page.more} onAll={page.all} what="private users" />
    </section>
  )
}

function ScimResources({ project, ix, query }: { project: DirectoryProject; ix: ProjectIndex; query: string }) {
  if (!project.scimConfigs.length) return <Empty title="No SCIM configs">Each config&apos;s SCIM Users and Groups, as its IdP provisioned them, show here.</Empty>
  return (
    <div className="dir-sections">
      {project.scimConfigs.map((c) => (
        <ScimConfigSection key={c.id} project={project} config={c} ix={ix} query={query} />
      ))}
    </div>
  )
}

function ScimConfigSection({ project, config: c, ix, query }: { project: DirectoryProject; config: DirectoryProject['scimConfigs'][number]; ix: ProjectIndex; query: string }) {
  const flash = useFlash()
  const users = useMemo(() => (c.scimUsers ?? []).filter((u) => !query || matches(query, u.userName, u.externalId)), [c, query])
  const groups = useMemo(() => (c.scimGroups ?? []).filter((g) => !query || matches(query, g.displayName, g.externalId)), [c, query])
  const page = useShowMore(users, PAGE, `${c.id}|${query}`)
  const isProject = c.kind === 'project'
  return (
    <section className="dir-section" aria-label={`SCIM config ${c.name}`}>
      <h3>
        {c.name} <span className={`badge ${isProject ? 'kind-project' : 'kind-statusPage'}`}>{isProject ? 'Project SCIM' : 'Status Page SCIM'}</span>{' '}
        <span className="faint">
          {c.users} {c.users === 1 ? 'user' : 'users'}
          {isProject ? `, ${c.groups} ${c.groups === 1 ? 'group' : 'groups'}` : ''}
        </span>
      </h3>
      {users.length ? (
        <table className="grid dir-table" aria-label={`SCIM users of ${c.name}`}>
          <thead>
            <tr>
              <th className="w-email">userName</th>
              <th className="w-ext">externalId</th>
              <th className="w-origin">active</th>
              <th>{isProject ? 'Account' : 'Private user'}</th>
            </tr>
          </thead>
          <tbody>
            {page.visible.map((u) => (
              <tr key={u.id} className={flash.has(rowKey('su', project.id, u.id)) ? 'row-flash' : undefined}>
                <td className="mono dir-ellipsis" title={`id ${u.id}`}>
                  {u.userName}
                </td>
                <td className="mono dir-ellipsis">{u.externalId ?? <span className="faint">—</span>}</td>
                <td>{u.active ? <span className="badge badge-ok">true</span> : <span className="badge badge-warn">false</span>}</td>
                <td className="dir-ellipsis">{ix.accountsById.get(u.accountId)?.email ?? ix.privateUsersById.get(u.accountId)?.email ?? <span className="faint mono">{u.accountId}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <div className="faint dir-none">{(c.scimUsers ?? []).length ? 'No SCIM user matches the filter.' : 'No SCIM users yet.'}</div>
      )}
      <ShowMoreRow remaining={page.remaining} page={page.page} onMore={page.more} onAll={page.all} what="SCIM users" />
      {isProject ? (
        groups.length ? (
          <table className="grid dir-table dir-groups" aria-label={`SCIM groups of ${c.name}`}>
            <thead>
              <tr>
                <th className="w-email">displayName</th>
                <th className="w-ext">externalId</th>
                <th>Team</th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.id} className={flash.has(rowKey('sg', project.id, g.id)) ? 'row-flash' : undefined}>
                  <td className="dir-ellipsis">{g.displayName}</td>
                  <td className="mono dir-ellipsis">{g.externalId ?? <span className="faint">—</span>}</td>
                  <td>{ix.teamsById.get(g.teamId)?.name ?? <span className="faint mono">{g.teamId}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <div className="faint dir-none">{(c.scimGroups ?? []).length ? 'No SCIM group matches the filter.' : 'No SCIM groups pushed.'}</div>
        )
      ) : null}
    </section>
  )
}
