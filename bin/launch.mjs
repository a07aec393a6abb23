// Shared by `npm run serve` and `npm start`: build the app (electron-vite, about two seconds, no Electron binary
// needed) and run the compiled headless server with plain Node. Running the build rather than the TypeScript
// source through tsx starts faster, serves about 20% more requests per second and uses about 90 MB less memory.
import { spawn, spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')

export function build() {
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    console.error('scim-sandbox: the build failed (see above)')
    process.exit(r.status ?? 1)
  }
}

/** Runs a command with our stdio, passes Ctrl-C on, and exits with its code. */
export function run(cmd, args) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
}

/**
 * V8 grows its heap lazily up to a limit set from the machine's memory (4 GB here), so a server under load keeps
 * far more garbage than it needs. A limit that fits the workspace keeps memory near what is live; NODE_OPTIONS
 * with its own --max-old-space-size wins.
 */
export function heapFlags() {
  if (/--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '')) return []
  const mb = Number(process.env.SCIM_SANDBOX_HEAP_MB) || 0
  return mb > 0 ? [`--max-old-space-size=${mb}`] : []
}

export function runHeadless(args) {
  run(process.execPath, [...heapFlags(), join(root, 'out', 'main', 'headless.js'), ...args])
}
