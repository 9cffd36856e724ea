import { mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { build } from 'esbuild'

const built = new Map<string, Promise<string>>()

/**
 * A benchmark's child entry (Parley's bench process, the peer, a bare server) as one bundled
 * JavaScript file, built as `bin/parley.js` builds Parley's: what is measured then runs the way
 * `parley start` runs, not through tsx's loader (whose thread and per-file transforms added some
 * 40 MB to each process's RSS). Built once per benchmark run, under dist/bench/.
 */
export function bundled(entry: string): Promise<string> {
  let bundle = built.get(entry)
  if (!bundle) {
    const outfile = join('dist', 'bench', `${basename(entry, '.ts')}.mjs`)
    mkdirSync(join('dist', 'bench'), { recursive: true })
    bundle = build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'inline',
      logLevel: 'error',
    }).then(() => outfile)
    built.set(entry, bundle)
  }
  return bundle
}
