import type { FlavourName } from './flavours/names.js'
import type { SmsMessage } from './flavours/sms/sms-core.js'
import type { SmsUser, SmsUserSettings } from './flavours/sms/sms-users.js'
import type { SandboxFaults, SandboxOptions, TemplateReviewPolicy } from './options.js'
import type { AcceptedMessage, ReadReceipt } from './state.js'
import type { SandboxStats } from './stats.js'
import type { Category, SandboxTemplate, TemplateSelector } from './template-model.js'
import type { SimulatedUser, UserSettings } from './users.js'
import type { SimulatedInbound } from './webhook-payloads.js'

/** A running sandbox: the Cloud API emulator plus the controls users and tests drive it with. */
export interface Sandbox {
  /** Base URL to use as the Cloud API base, e.g. http://127.0.0.1:41234. */
  readonly url: string
  /** The live options (webhook URL, faults and throughput reflect the setters). */
  readonly options: SandboxOptions
  setWebhookUrl(url: string | null): void
  /** Where a provider flavour posts its callbacks (null holds them); `meta` is `setWebhookUrl`. Throws for a flavour not emulated. */
  setCallbackUrl(flavour: 'meta' | FlavourName, url: string | null): void
  setFaults(faults: Partial<SandboxFaults>): void
  setThroughput(phoneNumberId: string, mps: number): void
  /** Configures a simulated user (not on WhatsApp, a different wa_id, read receipts off, a BSUID…); returns it. */
  setUser(phone: string, settings: UserSettings): SimulatedUser
  /** The user as the sandbox sees them, with their window on the default (or given: phone_number_id or E.164) number. */
  user(phone: string, to?: string): SimulatedUser & { windowClosesAt: number | null }
  /**
   * Makes a simulated user write to the business (opens that user's 24h window); returns the inbound
   * wamid. `to` picks the business number (a Meta phone_number_id or any sandbox WhatsApp number in
   * E.164, e.g. Gupshup's +15550001236; default the first Meta number); the inbound goes out as
   * that number's flavour's callback.
   */
  userSends(phone: string, message: SimulatedInbound, to?: string): Promise<string>
  /** Configures a simulated SMS recipient: `reachable: false` makes texts to them end `undelivered` (Twilio 30003) or `failed` (http-sms). */
  setSmsUser(phone: string, settings: SmsUserSettings): SmsUser
  /** The SMS recipient as the sandbox sees them, with the business SMS numbers they replied STOP to (where the provider blocks them). */
  smsUser(phone: string): SmsUser & { optedOutOf: string[] }
  /**
   * A simulated user texts a business SMS number (`to`, E.164: Twilio's +15550001238 or the
   * gateway's +15550001239); that number's flavour posts it to its callback URL. A STOP / START
   * changes Twilio's block list. Returns the flavour's id of the inbound text.
   */
  userSendsSms(phone: string, text: string, to: string): Promise<string>
  /** Every text the SMS flavours accepted, in order (the last 1,000). */
  smsAccepted(): SmsMessage[]
  /** Every message the sandbox accepted, in order. */
  accepted(): AcceptedMessage[]
  /** Every read receipt the business sent, in order. */
  readReceipts(): ReadReceipt[]
  stats(): SandboxStats
  /** Every template of the WABA, newest first, with its origin (`own`, or Meta's `sample`) and its change history. */
  templates(): SandboxTemplate[]
  /** Changes how submissions are reviewed from now on: delay, always-rejected languages, UTILITY → MARKETING. */
  setTemplateReview(policy: Partial<TemplateReviewPolicy>): void
  /** Announces every pending template review now instead of after the delay; returns how many. */
  finishTemplateReviews(): number
  /** The platform pauses an APPROVED template for low quality: quality RED, then PAUSED (the third time DISABLED), with their webhooks. */
  pauseTemplate(which: TemplateSelector): SandboxTemplate
  /** The platform disables a template: sends fail with 132016, it cannot be deleted. */
  disableTemplate(which: TemplateSelector): SandboxTemplate
  /** The platform re-categorises a template (e.g. UTILITY → MARKETING after approval), with `template_category_update`. */
  recategorizeTemplate(which: TemplateSelector, category: Category): SandboxTemplate
  /** Resolves once no webhook or template review is scheduled and none awaits (re)delivery, or rejects after timeoutMs (default 10 s). */
  idle(timeoutMs?: number): Promise<void>
  /** Performs Meta's GET verification handshake against webhookUrl; true if the challenge was echoed with 200. */
  verifySubscription(): Promise<boolean>
  /** Forgets users, windows, accepted messages, counters; cancels pending webhooks and reviews; re-seeds the templates. Options and faults stay. */
  reset(): void
  /** Stops the server and all timers; pending webhooks are dropped. */
  close(): Promise<void>
}
