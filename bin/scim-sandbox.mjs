#!/usr/bin/env node
// `npx scim-sandbox …`: the IdP simulator's CLI (src-main/server/simulator/cli.ts). It runs the TypeScript source
// through tsx, in this process, with the project's tsconfig (for the `@shared/*` paths) whatever the current folder:
// nothing to build after `npm ci`, and it starts in well under a second. It never loads Electron or the server.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { register } from 'tsx/esm/api'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
register({ tsconfig: join(root, 'tsconfig.json') })
// A reader that stops early (`scim-sandbox scenarios | head`) closes the pipe: that is the end of the output, not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw e
  })
}
const { main } = await import('../src-main/server/simulator/cli.ts')
process.exitCode = await main(process.argv.slice(2))
// Idle keep-alive sockets of fetch must not hold the exit; output is written by now.
setTimeout(() => process.exit(), 1000).unref()
