import type { Sandbox } from './sandbox'

const KIND_LABEL = { 'project-scim': 'Project SCIM', 'status-page-scim': 'Status Page SCIM', 'iam-scim': 'IAM SCIM' } as const

/**
 * The start banner (PRODUCT.md §2.1): the UI URL with its admin secret first, then one line per SCIM config with its
 * base URL and token, one per IAM tenant; a new workspace's generated secrets once. The only place secrets print.
 */
export function banner(sb: Sandbox, workspaceLabel: string): string {
  const lines = [`SCIM Sandbox — workspace ${workspaceLabel}`, `${'UI'.padEnd(18)}${sb.uiUrl}`]
  const endpoints = sb.endpoints()
  const labelWidth = Math.max(0, ...endpoints.map((e) => e.label.length)) + 2
  const urlWidth = Math.max(0, ...endpoints.map((e) => e.baseUrl.length)) + 2
  for (const e of endpoints) {
    const base = `${KIND_LABEL[e.kind].padEnd(18)}${e.label.padEnd(labelWidth)}${e.token ? e.baseUrl.padEnd(urlWidth) : e.baseUrl}`
    lines.push(e.token ? `${base}token ${e.token}` : base)
  }
  const s = sb.newSecrets
  if (s && (s.iamTokens.length || s.apiKeys.length || s.oauthClients.length)) {
    lines.push('', 'New workspace: these secrets are stored hashed and shown only now:')
    for (const t of s.iamTokens) lines.push(`  IAM SCIM token    ${t.tenantId} / ${t.name}: ${t.token}`)
    for (const k of s.apiKeys) lines.push(`  API key           ${k.projectId} / ${k.name}: ${k.key}`)
    for (const c of s.oauthClients) lines.push(`  OAuth client      ${c.clientId}: ${c.clientSecret}`)
  }
  for (const w of sb.warnings) lines.push(`warning: ${w}`)
  return lines.join('\n')
}
