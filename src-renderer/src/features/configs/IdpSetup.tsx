import type { ReactNode } from 'react'
import type { ScimConfigView } from '@shared/control'
import { CopyField } from '../../ui/CopyField'
import { useConfigs, useConfigsStore } from './store'

/*
 * What to paste where in Okta and Microsoft Entra ID, with this config's real URL and token. Field and menu names
 * follow reference/scim-provisioning-guide.md word for word; the behaviour notes come from
 * reference/idp-request-patterns.md. Nothing here names an IdP screen the guide does not.
 */

const B = ({ children }: { children: ReactNode }) => <strong className="ui-name">{children}</strong>

function SetupField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  )
}

/** The token's Show/Hide state is the connection card's, so revealing it in one place reveals it in all. */
function useReveal(id: string) {
  const store = useConfigsStore()
  const revealed = useConfigs((s) => s.revealed[id] ?? false)
  return { revealed, onRevealedChange: (v: boolean) => store.getState().setRevealed(id, v) }
}

export function OktaSetup({ config }: { config: ScimConfigView }) {
  const reveal = useReveal(config.id)
  const groups = config.kind === 'project'
  return (
    <section className="card idp-card" aria-label="Okta setup">
      <h3>Okta</h3>
      <p className="muted">
        In the Okta Admin Console, <B>Applications</B> › <B>Applications</B>, open your app integration (or <B>Create App Integration</B>), then:
      </p>
      <ol className="idp-steps">
        <li>
          <B>General</B> tab › <B>App Settings</B> › <B>Edit</B>; under <B>Provisioning</B> select <B>SCIM</B> › <B>Save</B>. A <B>Provisioning</B> tab appears.
        </li>
        <li>
          <B>Provisioning</B> tab › <B>Integration</B> › <B>Configure API Integration</B> › check <B>Enable API integration</B>, and fill in:
          <dl className="idp-fields">
            <SetupField label="SCIM connector base URL">
              <CopyField value={config.aliasUrl} copyLabel="Copy SCIM connector base URL" />
            </SetupField>
            <SetupField label="Unique identifier field for users">
              <CopyField value="userName" copyLabel="Copy unique identifier field" />
            </SetupField>
            <SetupField label="Supported provisioning actions">
              <span>
                Import New Users and Profile Updates · Push New Users · Push Profile Updates
                {groups ? (
                  config.enablePushGroups ? (
                    <> · Push Groups</>
                  ) : (
                    <span className="faint"> · not Push Groups (Push groups is off for this config)</span>
                  )
                ) : null}
              </span>
            </SetupField>
            <SetupField label="Authentication Mode">
              <span>HTTP Header</span>
            </SetupField>
            <SetupField label="Authorization">
              <CopyField value={`Bearer ${config.bearerToken}`} copyLabel="Copy Okta Authorization value" secret what="Authorization value" {...reveal} />
            </SetupField>
          </dl>
          <B>Test API Credentials</B> › <B>Save</B>.
        </li>
        <li>
          <B>To App</B> › <B>Edit</B> › enable <B>Create Users</B>, <B>Update User Attributes</B> and <B>Deactivate Users</B> › <B>Save</B>.
        </li>
        {groups && config.enablePushGroups ? (
          <li>
            <B>Push Groups</B> tab › <B>+ Push Groups</B> › <B>Find groups by name</B> or <B>Find groups by rule</B> › <B>Save</B>. Each pushed group becomes a team of {config.projectName}.
          </li>
        ) : null}
        <li>
          <B>Assignments</B> tab › <B>Assign</B> › <B>Assign to People</B> or <B>Assign to Groups</B>; each assigned person is provisioned here.
        </li>
      </ol>
      <details className="idp-details">
        <summary>Attribute mappings</summary>
        <table className="grid idp-map">
          <thead>
            <tr>
              <th>Okta Attribute</th>
              <th>SCIM attribute</th>
            </tr>
          </thead>
          <tbody>
            {[
              ['userName', 'userName'],
              ['user.email', 'emails[primary eq true].value'],
              ['user.firstName', 'name.givenName'],
              ['user.lastName', 'name.familyName'],
              ['user.displayName', 'displayName'],
            ].map(([a, b]) => (
              <tr key={a}>
                <td className="mono">{a}</td>
                <td className="mono">{b}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <div className="cfg-note">
        What Okta sends: a <code>userName eq &quot;…&quot;</code> lookup before each create; no DELETE of users ever — unassign or deactivate is <code>active: false</code> (a
        path-less PATCH, or a PUT for App Integration Wizard apps), which {config.autoDeprovisionUsers ? 'deprovisions here (Auto deprovision is on)' : 'only marks the SCIM user inactive here (Auto deprovision is off)'}.
      </div>
    </section>
  )
}

export function EntraSetup({ config }: { config: ScimConfigView }) {
  const reveal = useReveal(config.id)
  const groups = config.kind === 'project' && config.enablePushGroups
  return (
    <section className="card idp-card" aria-label="Microsoft Entra ID setup">
      <h3>Microsoft Entra ID</h3>
      <p className="muted">
        In the Microsoft Entra admin center, <B>Identity</B> › <B>Applications</B> › <B>Enterprise applications</B> › <B>+ New application</B> › <B>+ Create your own application</B>, choose{' '}
        <B>Integrate any other application you don&apos;t find in the gallery (Non-gallery)</B> › <B>Create</B>. Then, in that application:
      </p>
      <ol className="idp-steps">
        <li>
          <B>Provisioning</B> › <B>Get started</B> › <B>Provisioning Mode</B>: <B>Automatic</B>. Under <B>Admin Credentials</B>:
          <dl className="idp-fields">
            <SetupField label="Tenant URL">
              <CopyField value={config.aliasUrl} copyLabel="Copy Tenant URL" />
            </SetupField>
            <SetupField label="Secret Token">
              <CopyField value={config.bearerToken} copyLabel="Copy Secret Token" secret what="Secret Token" {...reveal} />
            </SetupField>
          </dl>
          <B>Test Connection</B> › <B>Save</B>. Test Connection looks up a user that does not exist (a random GUID in <code>userName eq</code>) and expects 200 with an empty list.
        </li>
        <li>
          <B>Mappings</B> › <B>Provision Azure Active Directory Users</B>: map <code>userPrincipalName</code> → <code>userName</code> (required); <code>mail</code> →{' '}
          <code>emails[type eq &quot;work&quot;].value</code>, <code>displayName</code> → <code>displayName</code>, and for <code>active</code>:
          <CopyField value={'Switch([IsSoftDeleted], , "False", "True", "True", "False")'} copyLabel="Copy active expression" />
        </li>
        {groups ? (
          <li>
            <B>Mappings</B> › <B>Provision Azure Active Directory Groups</B> › <B>Enabled</B>: <B>Yes</B>; <code>displayName</code> → <code>displayName</code>, <code>members</code> →{' '}
            <code>members</code>.
          </li>
        ) : null}
        <li>
          <B>Users and groups</B> › <B>+ Add user/group</B> › <B>Assign</B>; then <B>Provisioning</B> › <B>Overview</B> › <B>Start provisioning</B>. The first cycle can take up to 40 minutes;
          later ones run about every 40 minutes.
        </li>
      </ol>
      <div className="cfg-note">
        <strong>Feature flag <code>aadOptscim062020</code>.</strong> Without it Entra sends its legacy PATCH dialect (capitalised <code>&quot;Replace&quot;</code>, <code>active</code> as the
        string <code>&quot;False&quot;</code>, the legacy member remove); with it, lowercase ops, booleans and path-less replaces with dotted keys (reference/idp-request-patterns.md). It
        is turned on by ending the Tenant URL with the flag:
        <CopyField value={`${config.aliasUrl}?aadOptscim062020`} copyLabel="Copy Tenant URL with feature flag" />
        This config is <strong>{config.compatibility}</strong>:{' '}
        {config.compatibility === 'tolerant' ? 'both dialects are accepted.' : 'the non-RFC shapes of either dialect are answered with the RFC error, as a strict server would.'}
      </div>
      <div className="cfg-note">
        If <B>Test Connection</B> fails, check that the Tenant URL includes the <code>/api/identity</code> prefix and the token is current. Entra needs an HTTPS address it can reach:
        see &ldquo;From a cloud IdP&rdquo;.
      </div>
    </section>
  )
}

/** Single-quotes a shell argument when it needs it. */
function sh(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`
}

export function CloudNote() {
  const info = useConfigs((s) => s.info)
  if (!info) return null
  const { port, host, publicUrl, dataFile } = info.settings
  return (
    <section className="card idp-card" aria-label="Reaching the sandbox from a cloud IdP">
      <h3>Reaching the sandbox from a cloud IdP</h3>
      <p>
        Cloud Okta and Microsoft Entra ID call the SCIM URL from the internet: they cannot reach <code>127.0.0.1</code>, and Entra requires HTTPS. Run a tunnel to the sandbox&apos;s
        port and restart the sandbox with the tunnel&apos;s address as its public URL, so <code>Location</code> headers and <code>meta.location</code> use it.
      </p>
      <dl className="kv idp-now">
        <dt>Public URL</dt>
        <dd>{publicUrl ? <code>{publicUrl}</code> : <span className="muted">none — set with --public-url</span>}</dd>
        <dt>Listening on</dt>
        <dd>
          <code>
            {host}:{port}
          </code>
        </dd>
      </dl>
      <ol className="idp-steps">
        <li>
          Start a tunnel to port {port}, either
          <CopyField value={`ngrok http ${port}`} copyLabel="Copy ngrok command" />
          or
          <CopyField value={`cloudflared tunnel --url http://127.0.0.1:${port}`} copyLabel="Copy cloudflared command" />
        </li>
        <li>
          Restart the sandbox with the tunnel&apos;s <code>https://</code> host (same port and workspace):
          <CopyField value={`npm run serve -- --port ${port} --data ${sh(dataFile)} --public-url https://<tunnel-host>`} copyLabel="Copy restart command" />
        </li>
        <li>The base URLs on this screen then start with the public URL; paste those into Okta or Entra ID.</li>
      </ol>
    </section>
  )
}
