import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseFeeModelYaml } from '../core/costs/fee-model-file.js'
import type { ProviderFeeModel } from '../core/costs/fee-model.js'
import { parseRateCardFile } from '../core/costs/rate-card-file.js'
import type { RateCard } from '../core/costs/rate-card.js'

/**
 * Reads cost data files for the core, which reads none itself: the parsing and validation are the
 * core's (`parseRateCardFile`, `parseFeeModelYaml`), this only lists and reads. Read at start, once.
 */

/** The folder of a shipped data set (`cards` or `fee-models`), found from here or from the bundle in dist/. */
export function shippedCostDir(kind: 'cards' | 'fee-models'): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(dir, 'src', 'core', 'costs', kind)
    if (existsSync(candidate)) return candidate
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`the shipped ${kind} folder (src/core/costs/${kind}) was not found`)
    dir = parent
  }
}

function filesIn(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).filter((name) => pattern.test(name)).sort().map((name) => join(dir, name))
}

/** Every `.yaml`/`.yml`/`.csv` rate card in `dir`; a file that does not validate fails the start, naming the file and the mistakes. */
export function loadRateCardFiles(dir: string, options: { includeExamples?: boolean } = {}): RateCard[] {
  return filesIn(dir, /\.(ya?ml|csv)$/i)
    .filter((file) => options.includeExamples || !/\.example\./.test(file))
    .map((file) => {
      const result = parseRateCardFile(file, readFileSync(file, 'utf8'))
      if (!result.ok) throw new Error(`${file}: ${result.errors.map((e) => `${e.path || '(file)'}: ${e.message}`).join('; ')}`)
      return result.value
    })
}

/** Every `.yaml`/`.yml` provider fee model in `dir`. */
export function loadFeeModelFiles(dir: string): ProviderFeeModel[] {
  return filesIn(dir, /\.ya?ml$/i).map((file) => {
    const result = parseFeeModelYaml(readFileSync(file, 'utf8'))
    if (!result.ok) throw new Error(`${file}: ${result.errors.map((e) => `${e.path || '(file)'}: ${e.message}`).join('; ')}`)
    return result.value
  })
}
