import { rmSync } from 'node:fs'
import type { ParleyConfig } from '../config.js'
import { sandboxStateFile } from './sandbox-options.js'

/**
 * `parley sandbox reset`: the sandbox starts afresh — its state file in the data folder is deleted
 * and a running sandbox is reset through its control route (`POST /sandbox/reset`), which writes
 * its fresh state to its file at once. The file goes first: a running sandbox that writes between
 * the two steps is overwritten by its own reset.
 */
export async function sandboxResetCommand(config: ParleyConfig, sandboxUrl?: string): Promise<number> {
  const file = sandboxStateFile(config)
  try {
    rmSync(file, { force: true })
    rmSync(`${file}.tmp`, { force: true })
  } catch (error) {
    process.stderr.write(`parley sandbox reset: cannot delete ${file} (${(error as Error).message})\n`)
    return 1
  }
  const base = sandboxUrl ?? `http://${config.sandbox.host}:${config.sandbox.port}`
  let response: Response
  try {
    response = await fetch(`${base}/sandbox/reset`, { method: 'POST' })
  } catch {
    process.stdout.write(
      `sandbox state deleted (${file}); no sandbox answered at ${base}, so none was running there ` +
        '(one running elsewhere with this data folder writes its state back: reset it with --sandbox-url)\n',
    )
    return 0
  }
  if (!response.ok) {
    process.stderr.write(`parley sandbox reset: ${file} deleted, but the sandbox at ${base} answered ${response.status}: ${await response.text()}\n`)
    return 1
  }
  process.stdout.write(`sandbox reset: the sandbox at ${base} starts afresh, its state file ${file} with it\n`)
  return 0
}
