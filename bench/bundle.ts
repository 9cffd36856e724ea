import { mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { bundle } from '../bin/bundle.js'

const built = new Map<string, Promise<string>>()

/**
 * A benchmark's child entry (Parley's bench process, the peer, a bare server) as one bundled
 * JavaScript file, built as `bin/parley.js` builds Parley's (bin/bundle.js): what is measured then
 * runs the way `parley start` runs, not through tsx's loader (whose thread and per-file transforms
 * added some 40 MB to each process's RSS). Built once per benchmark run, under dist/bench/.
 */
export function bundled(entry: string): Promise<string> {
  let outfile = built.get(entry)
  if (!outfile) {
    const path = join('dist', 'bench', `${basename(entry, '.ts')}.mjs`)
    mkdirSync(join('dist', 'bench'), { recursive: true })
    outfile = bundle(entry, path).then(() => path)
    built.set(entry, outfile)
  }
  return outfile
}
