#!/usr/bin/env node
// The `parley` command. It runs a bundle of the TypeScript sources built with esbuild (about a
// second, once), and builds it again whenever a source file is newer: no build step between a
// checkout and a working `parley`, and no TypeScript compilation on every run.
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { bundle as bundleEntry } from './bundle.js'
import { ensureWebBuilt } from './web-build.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const entry = join(root, 'src', 'cli', 'main.ts')
const bundle = join(root, 'dist', 'parley.mjs')

/** The newest modification time of any file below `dir`. */
function newest(dir) {
  let latest = 0
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name)
    latest = Math.max(latest, item.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

async function build() {
  mkdirSync(dirname(bundle), { recursive: true })
  // Built beside the bundle, then renamed: a command started meanwhile never loads half a file.
  const partial = `${bundle}.${process.pid}.tmp.mjs`
  await bundleEntry(entry, partial)
  renameSync(partial, bundle)
}

async function bundleReady() {
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= newest(join(root, 'src'))) return true
  try {
    await build()
    return true
  } catch {
    return false
  }
}

// Only the command that serves the inbox builds it; every other command starts as fast as before.
if (process.argv[2] === 'start') await ensureWebBuilt()

if (await bundleReady()) {
  await import(pathToFileURL(bundle).href)
} else {
  // No esbuild (or no write access to dist/): run the sources through tsx, slower but the same code.
  const { register } = await import('tsx/esm/api')
  register()
  await import(pathToFileURL(entry).href)
}
