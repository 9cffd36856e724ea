#!/usr/bin/env node
// Builds the operator inbox (web/ → web/dist) when the build is missing or older than its sources,
// the way bin/parley.js keeps its own bundle fresh: `npm install` stays as fast as before, and the
// first `npm start` after a checkout or an edit builds it (a few seconds, announced in one line).
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const web = join(dirname(fileURLToPath(import.meta.url)), '..', 'web')
const dist = join(web, 'dist')
const builtIndex = join(dist, 'index.html')
const sources = [join(web, 'src'), join(web, 'index.html'), join(web, 'vite.config.ts')]

/** The newest modification time of a file, or of any file below a folder. */
function newest(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let latest = 0
  for (const item of readdirSync(path)) latest = Math.max(latest, newest(join(path, item)))
  return latest
}

/** Whether web/dist is missing or older than something it is built from. */
export function webBuildIsStale() {
  if (!existsSync(builtIndex)) return true
  const built = statSync(builtIndex).mtimeMs
  return sources.some((source) => existsSync(source) && newest(source) > built)
}

/**
 * Runs Vite's production build of web/ into web/dist. It builds beside it and then swaps folders,
 * so that a server (or a second build started meanwhile) never sees half a build.
 */
export async function buildWeb() {
  const { build } = await import('vite')
  const partial = `${dist}.${process.pid}.tmp`
  const previous = `${dist}.${process.pid}.old`
  await build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn', build: { outDir: partial, emptyOutDir: true } })
  if (existsSync(dist)) renameSync(dist, previous)
  try {
    renameSync(partial, dist)
  } catch (error) {
    // Another build got there first; its result is as fresh as ours.
    if (!existsSync(dist)) throw error
  }
  rmSync(partial, { recursive: true, force: true })
  rmSync(previous, { recursive: true, force: true })
}

/**
 * Builds the inbox if it is stale; a failure (Vite not installed, say) is reported, not fatal:
 * the API works without it, and `/` then says how to build.
 */
export async function ensureWebBuilt(write = (line) => process.stdout.write(`${line}\n`)) {
  if (!existsSync(join(web, 'src')) || !webBuildIsStale()) return true
  write('Building the operator inbox (web/ → web/dist)…')
  try {
    await buildWeb()
    return true
  } catch (error) {
    write(`Could not build the operator inbox: ${error instanceof Error ? error.message : String(error)} (run npm run build:web)`)
    return false
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = (await ensureWebBuilt()) ? 0 : 1
}
