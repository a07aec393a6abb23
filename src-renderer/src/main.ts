// Placeholder renderer until the UI issue: shows where the SCIM endpoints are, from the control API.
const secret = new URLSearchParams(location.search).get('secret') ?? ''
const root = document.getElementById('root')!
fetch('/_sandbox/api/info', { headers: { 'X-Sandbox-Secret': secret } })
  .then(async (r) => {
    if (!r.ok) throw new Error(((await r.json()) as { error: string }).error)
    return r.json() as Promise<{ endpoints: { kind: string; label: string; baseUrl: string }[] }>
  })
  .then((info) => {
    const h = document.createElement('h1')
    h.textContent = 'SCIM Sandbox'
    root.append(h)
    for (const e of info.endpoints) {
      const p = document.createElement('p')
      p.textContent = `${e.kind}  ${e.label}  ${e.baseUrl}`
      root.append(p)
    }
  })
  .catch((e: Error) => {
    root.textContent = `Cannot reach the sandbox: ${e.message}`
  })
