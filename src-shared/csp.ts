// One Content-Security-Policy for the UI, sent by the server and enforced again by the Electron shell: same-origin only, no eval, no plugins, no framing.
export const UI_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
