#!/usr/bin/env node
// `npm run serve`: the headless sandbox (same server and UI as the app) for CI pipelines and shared sandboxes.
import { build, runHeadless } from './launch.mjs'

build()
runHeadless(process.argv.slice(2))
