#!/usr/bin/env node
// `npm start`: the desktop app where the Electron binary exists, otherwise the same sandbox headless, served to the
// browser. Electron's npm package downloads its binary lazily on first require(), which fails offline, so we look
// for the binary on disk instead of requiring the package.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const args = process.argv.slice(2)

function electronBinary() {
  const dir = join(root, 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : undefined
}

function run(cmd, cmdArgs) {
  // tsx finds our tsconfig (and its @shared alias) through this, whatever the working folder.
  const child = spawn(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, TSX_TSCONFIG_PATH: join(root, 'tsconfig.json') } })
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)))
}

const electron = electronBinary()
if (electron) {
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
  run(electron, [root, ...args])
} else {
  console.log('Electron is not available on this machine, so SCIM Sandbox runs headless: open the UI URL below in a browser.')
  run(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'src-main', 'server', 'headless.ts'), ...args])
}
