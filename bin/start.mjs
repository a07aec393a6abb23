#!/usr/bin/env node
// `npm start`: the desktop app where the Electron binary exists, otherwise the same sandbox headless, served to the
// browser. Electron's npm package downloads its binary lazily on first require(), which fails offline, so we look
// for the binary on disk instead of requiring the package.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build, root, run, runHeadless } from './launch.mjs'

function electronBinary() {
  const dir = join(root, 'node_modules', 'electron')
  const pathFile = join(dir, 'path.txt')
  if (!existsSync(pathFile)) return undefined
  const bin = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : undefined
}

const args = process.argv.slice(2)
const electron = electronBinary()
build()
if (electron) run(electron, [root, ...args])
else {
  console.log('Electron is not available on this machine, so SCIM Sandbox runs headless: open the UI URL below in a browser.')
  runHeadless(args)
}
