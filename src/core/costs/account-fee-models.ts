import type { ProviderFeeModel } from './fee-model.js'

/**
 * Which provider fee model prices which messages (issue 12): each account may name its own
 * (`feeModel:` in parley.yaml), the rest use the default (PARLEY_PROVIDER_FEE_MODEL, `direct` unless set).
 */
export interface FeeModelChoice {
  /** The default: what an account without a model of its own is priced with. */
  providerFeeModel: ProviderFeeModel
  /** Account id → the fee model it names; only accounts that name one. */
  accountFeeModels: ReadonlyMap<string, ProviderFeeModel>
}

/**
 * The fee model of the provider account `accountId`: the one price a message it carried is given
 * (estimate, final, inbound fee), and its sender's current provider when traffic is compared.
 */
export function feeModelFor(accountId: string, costs: FeeModelChoice): ProviderFeeModel {
  return costs.accountFeeModels.get(accountId) ?? costs.providerFeeModel
}

/**
 * Each account's named model looked up among the known ones; an unknown id is a problem naming the
 * account and every known id (what the start refuses with).
 */
export function resolveAccountFeeModels(
  accounts: ReadonlyArray<{ id: string; feeModel?: string }>,
  known: readonly ProviderFeeModel[],
): { models: Map<string, ProviderFeeModel>; problems: string[] } {
  const models = new Map<string, ProviderFeeModel>()
  const problems: string[] = []
  for (const account of accounts) {
    if (account.feeModel === undefined) continue
    const model = known.find((m) => m.id === account.feeModel)
    if (model) models.set(account.id, model)
    else problems.push(`accounts.${account.id}.feeModel: no fee model "${account.feeModel}"; known: ${known.map((m) => m.id).join(', ')}`)
  }
  return { models, problems }
}
