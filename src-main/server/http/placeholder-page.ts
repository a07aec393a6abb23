import type { WorkspaceInfo } from '@shared/control'

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Shown at `/` until the React UI is built into out/renderer: where to point an IdP, and where the log is. */
export function placeholderPage(info: WorkspaceInfo): string {
  const rows = info.endpoints
    .map((e) => `<tr><td>${esc(e.kind)}</td><td>${esc(e.label)}</td><td><code>${esc(e.baseUrl)}</code></td></tr>`)
    .join('')
  return `<!doctype html><html><head><meta charset="utf-8"><title>SCIM Sandbox</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#222}code{font:13px ui-monospace,monospace}td{padding:.25rem .75rem .25rem 0}</style></head>
<body><h1>SCIM Sandbox</h1><p>The server is running (workspace <code>${esc(info.workspaceFile)}</code>).
The UI has not been built here; the SCIM endpoints below work now. Tokens are printed in the terminal banner.</p>
<table><thead><tr><th align=left>kind</th><th align=left>config</th><th align=left>base URL</th></tr></thead><tbody>${rows}</tbody></table>
<p>Request log (JSON): <code>GET /_sandbox/api/log</code> with the admin secret.</p></body></html>`
}
