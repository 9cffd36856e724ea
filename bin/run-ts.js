#!/usr/bin/env node
// Runs a TypeScript entry point (benchmarks, scripts) with the same loader as the CLI.
import { register } from 'tsx/esm/api'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'

const entry = process.argv[2]
if (!entry) {
  console.error('usage: run-ts.js <file.ts> [args...]')
  process.exit(2)
}
process.argv.splice(2, 1)
register()
await import(pathToFileURL(resolve(entry)).href)
