// The server settings (each with the flag that changes it) and the storage figures.
import type { ReactNode } from 'react'
import { useStore } from 'zustand'
import { formatBytes, localDateTime } from '../../ui/time'
import { useSettingsStore } from './store'

/** Counts as people read them: 100,000. */
export const formatCount = (x: number) => x.toLocaleString('en-US')

function Restart({ flag }: { flag: string }) {
  return (
    <span className="set-flag" title={`Needs a restart with ${flag}`}>
      restart with <code>{flag}</code>
    </span>
  )
}

function Row({ label, children, how }: { label: string; children: ReactNode; how?: ReactNode }) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td>{children}</td>
      <td className="set-how">{how}</td>
    </tr>
  )
}

export function ServerCard() {
  const info = useStore(useSettingsStore(), (s) => s.info)!
  const settings = useStore(useSettingsStore(), (s) => s.settings) ?? info.settings
  return (
    <section className="card set-card" aria-label="Server">
      <h2>Server</h2>
      <table className="set-table">
        <tbody>
          <Row label="Version">{info.version}</Row>
          <Row label="Started at">{localDateTime(info.startedAt)}</Row>
          <Row label="Port" how={<Restart flag="--port" />}>
            <code>{settings.port}</code>
          </Row>
          <Row label="Host" how={<Restart flag="--host" />}>
            <code>{settings.host}</code>
          </Row>
          <Row label="Public URL" how={<Restart flag="--public-url" />}>
            {settings.publicUrl ? <code>{settings.publicUrl}</code> : <span className="muted">none — set with --public-url</span>}
          </Row>
          <Row label="Local origin">
            <code>{info.localOrigin}</code>
          </Row>
          <Row label="Data file" how={<Restart flag="--data" />}>
            <code className="set-path">{settings.dataFile}</code>
          </Row>
          <Row label="Log file" how={<span className="faint">beside the data file</span>}>
            <code className="set-path">{settings.logFile}</code>
          </Row>
          <Row label="Body limit" how={<Restart flag="--body-limit" />}>
            {formatBytes(settings.bodyLimit)} <span className="faint">({formatCount(settings.bodyLimit)} bytes)</span>
          </Row>
          <Row label="API description" how={<span className="faint">import into Postman, Insomnia or Bruno</span>}>
            {/* A new window: the OS browser in Electron (the shell opens http links outside), a tab in a browser. */}
            <a href={`${info.localOrigin}/openapi.json`} target="_blank" rel="noreferrer">
              <code>{info.localOrigin}/openapi.json</code>
            </a>{' '}
            <span className="faint">(OpenAPI 3.1, every surface)</span>
          </Row>
        </tbody>
      </table>
      <p className="hint set-p">
        Flags go after <code>npm run serve --</code>, e.g. <code>npm run serve -- --port 7643 --public-url https://example.trycloudflare.com</code>.
      </p>
    </section>
  )
}

export function StorageCard() {
  const info = useStore(useSettingsStore(), (s) => s.info)!
  const counts = Object.entries(info.counts)
  return (
    <section className="card set-card" aria-label="Storage">
      <h2>Storage</h2>
      <div className="set-storage">
        <div>
        <h3 className="set-sub">Journal</h3>
        <dl className="kv set-figures">
          <dt>Flushes</dt>
          <dd>{formatCount(info.storage.flushes)}</dd>
          <dt>Journal records</dt>
          <dd>{formatCount(info.storage.records)}</dd>
          <dt>Most records in one flush</dt>
          <dd>{formatCount(info.storage.maxRecordsPerFlush)}</dd>
          <dt>Compactions</dt>
          <dd>{formatCount(info.storage.compactions)}</dd>
          <dt>Journal size</dt>
          <dd>{formatBytes(info.storage.journalBytes)}</dd>
        </dl>
        </div>
        {counts.length ? (
          <div>
            <h3 className="set-sub">Workspace contents</h3>
            <dl className="kv set-figures">
              {counts.map(([k, v]) => (
                <FragmentKV key={k} k={humanize(k)} v={formatCount(v)} />
              ))}
            </dl>
          </div>
        ) : null}
      </div>
    </section>
  )
}

function FragmentKV({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt>{k}</dt>
      <dd>{v}</dd>
    </>
  )
}

function humanize(key: string): string {
  const s = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase()
  return s.replace(/\bscim\b/g, 'SCIM').replace(/\biam\b/g, 'IAM').replace(/^./, (c) => c.toUpperCase())
}

