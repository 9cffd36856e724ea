import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { daySchema, issuesToErrors, priceSchema, type CostFileResult } from './decimal.js'
import type { FeeAmount, MessageFeeRule, ProviderFeeModel } from './fee-model.js'
import { RATE_CATEGORIES } from './rate-card.js'

/** A percentage with at most two decimals → basis points (6 → 600), kept integral. */
const percentSchema = z
  .number()
  .min(0)
  .transform((percent, ctx) => {
    const basisPoints = Math.round(percent * 100)
    if (Math.abs(basisPoints - percent * 100) > 1e-9) {
      ctx.addIssue({ code: 'custom', message: 'a percentage has at most two decimals' })
      return z.NEVER
    }
    return basisPoints
  })

/** One fee line: `flat: 0.005` per message, or `percent_of_platform: 6` of the platform's charge. */
const ruleSchema = z
  .strictObject({
    direction: z.enum(['outbound', 'inbound', 'any']),
    categories: z.union([z.literal('all'), z.array(z.enum(RATE_CATEGORIES)).min(1)]).default('all'),
    flat: priceSchema.optional(),
    percent_of_platform: percentSchema.optional(),
  })
  .transform((rule, ctx): MessageFeeRule => {
    if ((rule.flat === undefined) === (rule.percent_of_platform === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of flat or percent_of_platform' })
      return z.NEVER
    }
    const amount: FeeAmount = rule.flat !== undefined ? { kind: 'flat', micros: rule.flat } : { kind: 'percent_of_platform', basisPoints: rule.percent_of_platform! }
    return { direction: rule.direction, categories: rule.categories, amount }
  })

/** A provider fee model file (YAML); see src/core/costs/fee-models/*.yaml. Amounts in decimal currency units. */
export const feeModelFileSchema = z
  .strictObject({
    kind: z.literal('provider_fee_model'),
    id: z.string().min(1),
    name: z.string().min(1),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code, e.g. USD'),
    source: z.string().min(1),
    retrieved: daySchema,
    cited: z.string().optional(),
    example: z.boolean(),
    note: z.string().optional(),
    subscription_per_number_per_month: priceSchema.default(0),
    setup_fee_per_number: priceSchema.default(0),
    message_fees: z.array(ruleSchema).default([]),
    free_messages_per_number_per_month: z.number().int().min(0).default(0),
    failed_message_fee: priceSchema.default(0),
    /** Per SMS segment sent (and received: `inbound_per_segment`, else the same). */
    sms: z.strictObject({ per_segment: priceSchema, inbound_per_segment: priceSchema.optional() }).optional(),
  })
  .transform(
    (file): ProviderFeeModel =>
      Object.freeze({
        id: file.id,
        name: file.name,
        currency: file.currency,
        source: file.source,
        retrieved: file.retrieved,
        example: file.example,
        ...(file.note === undefined ? {} : { note: file.note }),
        subscriptionPerNumberPerMonth: file.subscription_per_number_per_month,
        setupFeePerNumber: file.setup_fee_per_number,
        messageFees: file.message_fees,
        freeMessagesPerNumberPerMonth: file.free_messages_per_number_per_month,
        failedMessageFee: file.failed_message_fee,
        ...(file.sms === undefined ? {} : { sms: Object.freeze({ perSegment: file.sms.per_segment, inboundPerSegment: file.sms.inbound_per_segment ?? file.sms.per_segment }) }),
      }),
  )

/** Validates an already-parsed document (YAML or JSON) as a provider fee model. */
export function feeModelFromValue(value: unknown): CostFileResult<ProviderFeeModel> {
  const parsed = feeModelFileSchema.safeParse(value)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: issuesToErrors(parsed.error.issues) }
}

/** Reads a provider fee model written as YAML. */
export function parseFeeModelYaml(text: string): CostFileResult<ProviderFeeModel> {
  let value: unknown
  try {
    value = parseYaml(text, { uniqueKeys: true })
  } catch (error) {
    return { ok: false, errors: [{ path: '', message: (error as Error).message.split('\n')[0]! }] }
  }
  return feeModelFromValue(value)
}
