import { z } from 'zod'

/** The contact's fields a canned reply may name: `{name}`, `{external_id}`, `{phone}`. */
export const CANNED_REPLY_VARIABLES = ['name', 'external_id', 'phone'] as const
type Variable = (typeof CANNED_REPLY_VARIABLES)[number]

const PLACEHOLDER = /\{([a-z_]+)\}/g

export const cannedRepliesSchema = z
  .array(
    z
      .object({
        title: z.string().trim().min(1).max(100),
        text: z
          .string()
          .min(1)
          .max(4096)
          .refine((text) => [...text.matchAll(PLACEHOLDER)].every((m) => (CANNED_REPLY_VARIABLES as readonly string[]).includes(m[1]!)), `only ${CANNED_REPLY_VARIABLES.map((v) => `{${v}}`).join(', ')} can be filled in`),
      })
      .strict(),
  )
  .max(200)

export type CannedReply = z.output<typeof cannedRepliesSchema>[number]

export interface FilledReply {
  title: string
  text: string
  /** Variables the contact has no value for, left as written so that the operator sees the gap. */
  missing: Variable[]
}

/** A canned reply with the contact's fields filled in. */
export function fillCannedReply(reply: CannedReply, contact: { name: string | null; externalId: string | null; phone: string }): FilledReply {
  const values: Record<Variable, string | null> = { name: contact.name, external_id: contact.externalId, phone: contact.phone }
  const missing = new Set<Variable>()
  const text = reply.text.replace(PLACEHOLDER, (raw, name: Variable) => {
    const value = values[name]
    if (value === null) missing.add(name)
    return value ?? raw
  })
  return { title: reply.title, text, missing: [...missing] }
}
