/**
 * The UI's Content-Security-Policy: the server sends it with every HTML page of the UI, and the Electron shell
 * enforces the same one. Scripts and connections only from the sandbox itself; inline styles allowed (React style
 * props); no plugins, no <base>, no framing, no form posts.
 */
export const UI_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ')
