import { SCENARIO_FORMAT, type ProfileId, type ScenarioInput, type StepInput } from '@shared/scenario'
import { SCENARIO_SCHEMA_REF } from '../parse'

/**
 * Builders of the built-in scenarios, one family per profile. Each scenario uses its own email domain and group
 * names, so running several against the same embedded config (the demo's acme-okta: default team "Engineering",
 * Push Groups on) does not make one scenario's users the next one's matches.
 */

const LABEL: Record<ProfileId, string> = {
  'entra-legacy': 'Entra ID (legacy)',
  'entra-flag': 'Entra ID (aadOptscim062020)',
  'okta-oin': 'Okta OIN',
  'okta-aiw': 'Okta AIW',
  rfc7644: 'strict RFC 7644',
}
/** Whether the profile's IdP ever deletes users (Okta never does, b.2.6). */
const DELETES: Record<ProfileId, boolean> = { 'entra-legacy': true, 'entra-flag': true, 'okta-oin': false, 'okta-aiw': false, rfc7644: true }
const DEFAULT_TEAM = 'Engineering'

const doc = (profile: ProfileId, kind: string, title: string, description: string, rest: Pick<ScenarioInput, 'users' | 'groups' | 'steps'> & { seed?: number }): ScenarioInput => ({
  $schema: SCENARIO_SCHEMA_REF,
  format: SCENARIO_FORMAT,
  version: 1,
  name: `${profile}-${kind}`,
  title: `${LABEL[profile]}: ${title}`,
  description,
  profile,
  seed: rest.seed ?? 7643,
  domain: `${profile}.example.test`,
  users: rest.users,
  groups: rest.groups,
  steps: rest.steps,
})

/** Joiner → mover → leaver → rejoin (and delete where the IdP deletes), with directory assertions for the demo. */
export function lifecycle(profile: ProfileId): ScenarioInput {
  const d = `${profile}.example.test`
  const steps: StepInput[] = [
    { action: 'testConnection', id: 'test-connection', expect: { status: 200 } },
    { action: 'provisionUser', id: 'provision-manager', user: 'morgan', expect: { status: [200, 201] } },
    {
      action: 'provisionUser',
      id: 'joiner',
      title: 'Joiner: Alice is assigned to the app',
      user: 'alice',
      // 201 on a fresh config; 200 when an earlier run left her there and the IdP links instead of creating.
      expect: { status: [200, 201], attributes: { userName: `alice@${d}`, active: true }, directory: { user: 'alice', accountExists: true, inTeams: [DEFAULT_TEAM] } },
    },
    {
      action: 'updateProfile',
      id: 'mover',
      title: 'Mover: Alice marries, changes email and title, reports to Morgan',
      user: 'alice',
      changes: { familyName: 'Rivera', displayName: 'Alice Rivera', email: `alice.rivera@${d}`, title: '', department: 'Platform', manager: 'morgan' },
      expect: { status: [200, 204], attributes: { 'name.familyName': 'Rivera', 'emails[type eq "work"].value': `alice.rivera@${d}` } },
    },
    {
      action: 'deactivate',
      id: 'leaver',
      title: 'Leaver: Alice is unassigned',
      user: 'alice',
      expect: { status: [200, 204], attributes: { active: false }, directory: { user: 'alice', accountExists: true, notInTeams: [DEFAULT_TEAM] } },
    },
    {
      action: 'reactivate',
      id: 'rejoin',
      title: 'Rejoiner: Alice is assigned again',
      user: 'alice',
      expect: { status: [200, 204], attributes: { active: true }, directory: { user: 'alice', inTeams: [DEFAULT_TEAM] } },
    },
  ]
  if (DELETES[profile])
    steps.push(
      { action: 'deleteUser', id: 'delete', title: 'Alice is deleted for good', user: 'alice', expect: { status: 204, directory: { user: 'alice', accountExists: true, notInTeams: [DEFAULT_TEAM] } } },
      { action: 'deleteUser', id: 'delete-manager', user: 'morgan', expect: { status: 204 } },
    )
  return doc(profile, 'lifecycle', 'joiner, mover, leaver, rejoin', `The lifecycle of one user as ${LABEL[profile]} sends it${DELETES[profile] ? ', ending in a hard delete' : ' (Okta never deletes users)'}.`, {
    users: {
      alice: { userName: `alice@${d}`, givenName: 'Alice', familyName: 'Martin', title: 'Engineer', employeeNumber: '1001' },
      morgan: { userName: `morgan@${d}`, givenName: 'Morgan', familyName: 'Lee', title: 'Engineering Manager' },
    },
    groups: {},
    steps,
  })
}

/** Group push: create with a member, rename, add, remove, delete — each checked against the team it maps to. */
export function groupPush(profile: ProfileId): ScenarioInput {
  const d = `${profile}.example.test`
  const name = `Platform ${profile}`
  const renamed = `Platform Team ${profile}`
  const steps: StepInput[] = [
    { action: 'provisionUser', id: 'ana', user: 'ana', expect: { status: [200, 201] } },
    { action: 'provisionUser', id: 'ben', user: 'ben', expect: { status: [200, 201] } },
    { action: 'pushGroup', id: 'push', group: 'platform', members: ['ana'], expect: { status: 201, directory: { group: 'platform', teamExists: true, teamMembers: ['ana'] } } },
    { action: 'renameGroup', id: 'rename', group: 'platform', displayName: renamed, expect: { attributes: { displayName: renamed }, directory: { user: 'ana', inTeams: [renamed] } } },
    { action: 'addMembers', id: 'add', group: 'platform', users: ['ben'], expect: { directory: { group: 'platform', teamMembers: ['ana', 'ben'] } } },
    { action: 'removeMembers', id: 'remove', group: 'platform', users: ['ana'], expect: { directory: { group: 'platform', teamMembers: ['ben'] } } },
    { action: 'deleteGroup', id: 'delete-group', group: 'platform', expect: { status: 204, directory: { group: 'platform', teamExists: false, user: 'ben', notInTeams: [renamed] } } },
  ]
  if (DELETES[profile]) steps.push({ action: 'deleteUser', id: 'delete-ana', user: 'ana' }, { action: 'deleteUser', id: 'delete-ben', user: 'ben' })
  return doc(profile, 'group-push', 'group push', `A pushed group as ${LABEL[profile]} manages it: it becomes a team of the project (Push Groups must be on).`, {
    users: { ana: { userName: `ana@${d}`, givenName: 'Ana', familyName: 'Silva' }, ben: { userName: `ben@${d}`, givenName: 'Ben', familyName: 'Okafor' } },
    groups: { platform: { displayName: name } },
    steps,
  })
}

export function testConnection(profile: ProfileId): ScenarioInput {
  return doc(profile, 'test-connection', 'Test Connection', `The requests ${LABEL[profile]} sends to test a connection, and what it expects of each answer.`, {
    users: {},
    groups: {},
    steps: [{ action: 'testConnection', id: 'test-connection', expect: { status: 200 } }],
  })
}

/** 25 generated users matched and created in parallel batches, then the import pages through them. */
export function initialSync(profile: ProfileId): ScenarioInput {
  // The Entra validation Logic App pages 5 at a time (b.1.15); Okta imports 100 at a time (b.2.7).
  const pageSize = profile.startsWith('entra') ? 5 : 100
  return doc(profile, 'initial-sync', 'initial sync of 25 users', `An initial cycle of 25 generated users (deterministic from the seed), then an import with pages of ${pageSize}.`, {
    users: {},
    groups: {},
    steps: [
      { action: 'initialSync', id: 'initial-sync', count: 25, prefix: 'sync' },
      { action: 'importUsers', id: 'import', pageSize, expect: { status: 200 } },
    ],
  })
}
