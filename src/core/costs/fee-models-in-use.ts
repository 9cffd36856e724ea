import { feeModelFor, type FeeModelChoice } from './account-fee-models.js'
import type { ProviderFeeModel } from './fee-model.js'

/** One fee model Parley knows, and what it prices now: `GET /v1/costs/models` and `parley cost models` show these. */
export interface FeeModelInUse {
  model: ProviderFeeModel
  /** The user's file it was read from; null for Parley's own (`direct` and the shipped examples). */
  file: string | null
  /** Whether it is PARLEY_PROVIDER_FEE_MODEL's: the one accounts naming none are priced with. */
  isDefault: boolean
  /** The accounts whose messages it prices, in configuration order. */
  accounts: string[]
}

/** Every known fee model, in the order Parley knows them, each with the accounts priced with it. */
export function feeModelsInUse(
  costs: FeeModelChoice & { feeModels: readonly ProviderFeeModel[]; feeModelFiles: ReadonlyMap<string, string> },
  accountIds: readonly string[],
): FeeModelInUse[] {
  return costs.feeModels.map((model) => ({
    model,
    file: costs.feeModelFiles.get(model.id) ?? null,
    isDefault: model.id === costs.providerFeeModel.id,
    accounts: accountIds.filter((id) => feeModelFor(id, costs).id === model.id),
  }))
}

/** A fee model in use as the API and `parley cost models --json` show it (the keys of a fee model file, where they exist). */
export interface FeeModelInUseValue {
  id: string
  name: string
  currency: string
  example: boolean
  source: string
  retrieved: string
  note: string | null
  file: string | null
  default: boolean
  accounts: string[]
}

export function feeModelInUseValue(entry: FeeModelInUse): FeeModelInUseValue {
  const { model } = entry
  return {
    id: model.id,
    name: model.name,
    currency: model.currency,
    example: model.example,
    source: model.source,
    retrieved: model.retrieved,
    note: model.note ?? null,
    file: entry.file,
    default: entry.isDefault,
    accounts: entry.accounts,
  }
}
