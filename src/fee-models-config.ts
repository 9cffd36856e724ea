import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseFeeModelYaml } from './core/costs/fee-model-file.js'
import type { ProviderFeeModel } from './core/costs/fee-model.js'

/**
 * The user's own provider fee models (issue 12): every `.yaml` in PARLEY_FEE_MODELS_DIR and each
 * file parley.yaml lists under `feeModels:`, read at start with the schema the shipped examples use.
 */

/** Where a user's fee model files come from: the problem lines name the variable or key that gave each one. */
export interface FeeModelSources {
  /** PARLEY_FEE_MODELS_DIR, absolute; null when unset. */
  dir: string | null
  /** parley.yaml's `feeModels:`, absolute; `origin` prefixes their problems (the file's own name). */
  listed: { origin: string; files: readonly string[] }
}

export interface UserFeeModels {
  /** In reading order: the folder's files by name, then the listed ones. */
  models: ProviderFeeModel[]
  /** Model id → the file it was read from. */
  files: Map<string, string>
  problems: string[]
}

/**
 * Reads and validates the user's fee model files; an unreadable or invalid file is a problem naming
 * it and each field, and an id already taken (by Parley's own models or another file) is one too.
 */
export function loadUserFeeModels(sources: FeeModelSources, builtIn: readonly ProviderFeeModel[]): UserFeeModels {
  const problems: string[] = []
  const found: Array<{ origin: string; file: string }> = []
  if (sources.dir !== null) {
    const names = listYaml(sources.dir)
    if (names === null) problems.push(`PARLEY_FEE_MODELS_DIR: ${sources.dir} is not a readable folder`)
    else found.push(...names.map((name) => ({ origin: 'PARLEY_FEE_MODELS_DIR', file: join(sources.dir!, name) })))
  }
  sources.listed.files.forEach((file, i) => found.push({ origin: `${sources.listed.origin}: feeModels.${i}`, file }))

  const models: ProviderFeeModel[] = []
  const files = new Map<string, string>()
  const builtInIds = new Set(builtIn.map((m) => m.id))
  for (const { origin, file } of found) {
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (error) {
      problems.push(`${origin}: ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`)
      continue
    }
    const result = parseFeeModelYaml(text)
    if (!result.ok) {
      problems.push(...result.errors.map((e) => `${origin}: ${file}: ${e.path || '(file)'}: ${e.message}`))
      continue
    }
    const { id } = result.value
    const other = files.get(id)
    if (builtInIds.has(id)) problems.push(`${origin}: ${file}: id: "${id}" is already one of Parley's own fee models; give yours another id`)
    else if (other !== undefined) problems.push(`${origin}: ${file}: id: "${id}" is already the id of ${other}; fee model ids are unique`)
    else {
      models.push(result.value)
      files.set(id, file)
    }
  }
  return { models, files, problems }
}

function listYaml(dir: string): string[] | null {
  try {
    if (!statSync(dir).isDirectory()) return null
    return readdirSync(dir).filter((name) => /\.ya?ml$/i.test(name)).sort()
  } catch {
    return null
  }
}
