import { execFileSync } from 'node:child_process'
import { cpus, loadavg, totalmem } from 'node:os'

/** What a benchmark states at its start: the machine, its load, and the code measured. */

export interface Machine {
  nproc: number
  cpu: string
  node: string
  memoryGb: number
  loadAverageAtStart: number[]
}

export function machineFacts(): Machine {
  return { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, memoryGb: Math.round(totalmem() / 2 ** 30), loadAverageAtStart: loadavg() }
}

/** The short commit measured, marked when src/ has changes not committed. */
export function commit(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    const sha = git('rev-parse', '--short', 'HEAD')
    const dirty = git('status', '--porcelain', '--', 'src') !== ''
    return dirty ? `${sha} (src/ modified)` : sha
  } catch {
    return 'unknown'
  }
}
