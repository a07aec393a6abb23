import { useId, useState } from 'react'
import { useStore } from 'zustand'
import {
  projectInputSchema,
  projectPatchSchema,
  statusPageInputSchema,
  statusPagePatchSchema,
  teamInputSchema,
  teamPatchSchema,
  type ProjectView,
  type ScimConfigView,
} from '@shared/control'
import type { z } from 'zod'
import { ControlApiError } from '../../api/client'
import { issuesByField, validateWith, type FieldErrors } from '../../ui/form-errors'
import { InlineEdit } from '../../ui/InlineEdit'
import { Button, ConfirmDialog, Empty, ErrorBanner } from '../../ui/primitives'
import { useConfigsStore } from './store'

type Pending =
  | { kind: 'project'; id: string; name: string }
  | { kind: 'team'; id: string; name: string; members: number; pushedBy: string | null }
  | { kind: 'statusPage'; id: string; name: string; privateUsers: number; configs: number }

const msg = (e: unknown) => (e instanceof ControlApiError && e.issues[0] ? e.issues[0].message : e instanceof Error ? e.message : String(e))

/** Projects with their teams and status pages: create, rename inline, delete after a confirmation. */
export function ProjectsPanel() {
  const store = useConfigsStore()
  const projects = useStore(store, (s) => s.projects)
  const configs = useStore(store, (s) => s.configs)
  const [pending, setPending] = useState<Pending | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)

  async function confirmDelete() {
    if (!pending) return
    setBusy(true)
    try {
      const s = store.getState()
      if (pending.kind === 'project') await s.deleteProject(pending.id)
      else if (pending.kind === 'team') await s.deleteTeam(pending.id)
      else await s.deleteStatusPage(pending.id)
      setError(null)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
      setPending(null)
    }
  }

  return (
    <div className="cfg-detail">
      <div className="cfg-detail-head">
        <div className="cfg-title">
          <h2>Projects, teams &amp; status pages</h2>
          <span className="muted">
            {projects.length} {projects.length === 1 ? 'project' : 'projects'}
          </span>
        </div>
      </div>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      <NewProjectForm />
      {projects.length === 0 ? (
        <Empty title="No projects">A project holds accounts, teams, status pages and its SCIM configs. Add one above.</Empty>
      ) : null}
      {projects.map((p) => (
        <ProjectCard key={p.id} project={p} configs={configs.filter((c) => c.projectId === p.id)} onDelete={setPending} />
      ))}
      {pending ? (
        <ConfirmDialog
          title={pending.kind === 'project' ? `Delete project ${pending.name}?` : pending.kind === 'team' ? `Delete team ${pending.name}?` : `Delete status page ${pending.name}?`}
          confirmLabel={pending.kind === 'project' ? 'Delete project' : pending.kind === 'team' ? 'Delete team' : 'Delete status page'}
          danger
          busy={busy}
          onCancel={() => setPending(null)}
          onConfirm={() => void confirmDelete()}
        >
          {pending.kind === 'project' ? (
            <p>
              This removes everything in it: its accounts, teams and memberships, status pages and private users, and every SCIM config of the project with its SCIM users and groups.
              Their base URLs answer 404 afterwards.
            </p>
          ) : pending.kind === 'team' ? (
            <p>
              Its {pending.members} {pending.members === 1 ? 'membership goes' : 'memberships go'}; the accounts stay. Configs that list it as a default team drop it from their list.
              {pending.pushedBy ? ` It was pushed by ${pending.pushedBy} as a SCIM Group, which goes with it.` : ''}
            </p>
          ) : (
            <p>
              This removes its {pending.privateUsers} private {pending.privateUsers === 1 ? 'user' : 'users'}
              {pending.configs ? ` and its ${pending.configs} Status Page SCIM ${pending.configs === 1 ? 'config' : 'configs'} with their SCIM users` : ''}.
            </p>
          )}
        </ConfirmDialog>
      ) : null}
    </div>
  )
}

function NewProjectForm() {
  const store = useConfigsStore()
  const uid = useId()
  const [name, setName] = useState('')
  const [id, setId] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const input = { name, ...(id.trim() ? { id: id.trim() } : {}) }

  async function submit() {
    const errs = validateWith(projectInputSchema, input)
    setErrors(errs)
    if (Object.keys(errs).length) return
    setBusy(true)
    try {
      await store.getState().createProject(input)
      setName('')
      setId('')
      setError(null)
    } catch (e) {
      if (e instanceof ControlApiError && e.status === 400 && e.issues.length) setErrors(issuesByField(e.issues))
      else setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="card proj-new"
      aria-label="New project"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h3>New project</h3>
      {error ? <ErrorBanner error={error} onDismiss={() => setError(null)} /> : null}
      <div className="proj-new-row">
        <div className="inline-field">
          <label htmlFor={`${uid}-name`}>Name</label>
          <input id={`${uid}-name`} aria-invalid={errors.name ? true : undefined} value={name} disabled={busy} onChange={(e) => setName(e.target.value)} />
          {errors.name ? (
            <span className="field-error" role="alert">
              {errors.name}
            </span>
          ) : null}
        </div>
        <div className="inline-field">
          <label htmlFor={`${uid}-id`}>Id (optional)</label>
          <input id={`${uid}-id`} className="mono" aria-invalid={errors.id ? true : undefined} value={id} disabled={busy} onChange={(e) => setId(e.target.value)} />
          {errors.id ? (
            <span className="field-error" role="alert">
              {errors.id}
            </span>
          ) : null}
        </div>
        <Button type="submit" variant="primary" disabled={busy}>
          Add project
        </Button>
      </div>
    </form>
  )
}

function ProjectCard({ project, configs, onDelete }: { project: ProjectView; configs: ScimConfigView[]; onDelete: (p: Pending) => void }) {
  const store = useConfigsStore()
  const teams = useStore(store, (s) => s.teams[project.id]) ?? []
  const pages = useStore(store, (s) => s.statusPages[project.id]) ?? []
  return (
    <section className="card proj-card" aria-label={`Project ${project.name}`}>
      <div className="proj-head">
        <h3>
          <InlineEdit value={project.name} what={`project ${project.name}`} schema={projectPatchSchema} onSave={(name) => store.getState().renameProject(project.id, name)} />
        </h3>
        <span className="faint mono">{project.id}</span>
        <span className="muted">
          {configs.length} SCIM {configs.length === 1 ? 'config' : 'configs'}
        </span>
        <span className="spacer" />
        <Button size="sm" variant="danger" aria-label={`Delete project ${project.name}`} onClick={() => onDelete({ kind: 'project', id: project.id, name: project.name })}>
          Delete
        </Button>
      </div>
      <div className="proj-cols">
        <div>
          <h4>Teams</h4>
          <table className="grid proj-table">
            <tbody>
              {teams.map((t) => {
                const pushedBy = t.scimConfigId ? (configs.find((c) => c.id === t.scimConfigId)?.name ?? t.scimConfigId) : null
                return (
                  <tr key={t.id}>
                    <td>
                      <div className="proj-name">
                        <InlineEdit value={t.name} what={`team ${t.name}`} schema={teamPatchSchema} onSave={(name) => store.getState().renameTeam(t.id, name)} />
                        {pushedBy ? <span className="badge">pushed by {pushedBy}</span> : null}
                      </div>
                    </td>
                    <td className="num faint">
                      {t.memberCount} {t.memberCount === 1 ? 'member' : 'members'}
                    </td>
                    <td className="proj-act">
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Delete team ${t.name}`}
                        onClick={() => onDelete({ kind: 'team', id: t.id, name: t.name, members: t.memberCount, pushedBy })}
                      >
                        Delete
                      </Button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {teams.length === 0 ? <div className="faint proj-none">No teams.</div> : null}
          <AddRow what="team" schema={teamInputSchema} onAdd={(name) => store.getState().createTeam(project.id, { name }).then(() => undefined)} />
        </div>
        <div>
          <h4>Status pages</h4>
          <table className="grid proj-table">
            <tbody>
              {pages.map((sp) => {
                const n = configs.filter((c) => c.statusPageId === sp.id).length
                return (
                  <tr key={sp.id}>
                    <td>
                      <div className="proj-name">
                        <InlineEdit value={sp.name} what={`status page ${sp.name}`} schema={statusPagePatchSchema} onSave={(name) => store.getState().renameStatusPage(sp.id, name)} />
                      </div>
                    </td>
                    <td className="num faint">
                      {sp.privateUserCount} private {sp.privateUserCount === 1 ? 'user' : 'users'}
                    </td>
                    <td className="proj-act">
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Delete status page ${sp.name}`}
                        onClick={() => onDelete({ kind: 'statusPage', id: sp.id, name: sp.name, privateUsers: sp.privateUserCount, configs: n })}
                      >
                        Delete
                      </Button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {pages.length === 0 ? <div className="faint proj-none">No status pages.</div> : null}
          <AddRow what="status page" schema={statusPageInputSchema} onAdd={(name) => store.getState().createStatusPage(project.id, { name }).then(() => undefined)} />
        </div>
      </div>
    </section>
  )
}

function AddRow({ what, schema, onAdd }: { what: string; schema: z.ZodType; onAdd: (name: string) => Promise<void> }) {
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  async function add() {
    const err = validateWith(schema, { name }).name
    if (err) return setError(err)
    setBusy(true)
    try {
      await onAdd(name.trim())
      setName('')
      setError(null)
    } catch (e) {
      setError(msg(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className="proj-add">
      <input
        aria-label={`New ${what} name`}
        placeholder={`New ${what}`}
        value={name}
        disabled={busy}
        aria-invalid={error ? true : undefined}
        onChange={(e) => {
          setName(e.target.value)
          setError(null)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            void add()
          }
        }}
      />
      <Button size="sm" disabled={busy} onClick={() => void add()}>
        Add {what}
      </Button>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : null}
    </div>
  )
}
