import type { Channel } from '../providers/channel.js'

/**
 * The sender a message goes from or came to, as every message records it: Parley's id for the
 * number, the provider and the account (a provider login) that carry it, and its channel.
 */
export interface SenderRef {
  id: string
  provider: string
  account: string
  channel: Channel
}
