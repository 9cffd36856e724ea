import { newChallenge } from './ids.js'
import { checkFaults, checkOptions, checkTemplateReview, checkWebhookUrl, type SandboxFaults, type SandboxOptions, type TemplateReviewPolicy } from './options.js'
import type { Sandbox } from './sandbox-api.js'
import { listen } from './server.js'
import { SandboxState, type AcceptedMessage } from './state.js'
import type { SandboxStats } from './stats.js'
import { CATEGORIES, type Category, type TemplateSelector } from './template-model.js'
import { SandboxInputError } from './input-error.js'
import { userSends } from './user-sends.js'
import { phoneDigits, type SimulatedUser, type UserSettings } from './users.js'
import type { SimulatedInbound } from './webhook-payloads.js'

/** Starts the emulator on `options.host:options.port` (0 = ephemeral; see `url`). */
export async function startSandbox(input: SandboxOptions): Promise<Sandbox> {
  // A private copy: the setters change it, the caller's object stays as given.
  // A private copy of the options; the functions in them are shared, not copied.
  const options: SandboxOptions = structuredClone({ ...input, random: undefined, now: undefined })
  if (input.random) options.random = input.random
  if (input.now) options.now = input.now
  checkOptions(options)
  const state = new SandboxState(options)
  let closed = false

  const sandbox: Sandbox = {
    url: '',
    options,
    setWebhookUrl(url: string | null) {
      if (url !== null) checkWebhookUrl(url)
      options.webhookUrl = url
      state.delivery.setUrl(url)
    },
    setFaults(faults: Partial<SandboxFaults>) {
      const next = { ...options.faults, ...faults }
      checkFaults(next)
      const batchingEnds = options.faults.batchWindowMs > 0 && next.batchWindowMs === 0
      options.faults = next
      if (batchingEnds) state.emitter.flush()
    },
    setThroughput(phoneNumberId: string, mps: number) {
      const n = options.phoneNumbers.find((p) => p.id === phoneNumberId)
      if (!n) throw new SandboxInputError(`unknown phone_number_id ${phoneNumberId}`)
      if (!(mps > 0)) throw new SandboxInputError('mps must be > 0')
      n.mps = mps
      state.throughput.setMps(phoneNumberId, mps)
    },
    setUser(phone: string, settings: UserSettings): SimulatedUser {
      const digits = phoneDigits(phone)
      if (digits === null) throw new SandboxInputError(`not a phone number: ${phone}`)
      if (settings.waId !== undefined && phoneDigits(settings.waId) === null) throw new SandboxInputError(`waId must be digits: ${settings.waId}`)
      const user = state.users.configure(state.users.resolve(digits).phone, { ...settings, ...(settings.waId ? { waId: phoneDigits(settings.waId)! } : {}) })
      return { ...user }
    },
    user(phone: string, phoneNumberId?: string) {
      const digits = phoneDigits(phone)
      if (digits === null) throw new SandboxInputError(`not a phone number: ${phone}`)
      const user = state.users.resolve(digits)
      return { ...user, windowClosesAt: state.windows.closesAt(phoneNumberId ?? state.defaultNumber.id, user.waId) }
    },
    async userSends(phone: string, message: SimulatedInbound, toPhoneNumberId?: string) {
      return userSends(state, phone, message, toPhoneNumberId)
    },
    accepted(): AcceptedMessage[] {
      return state.log.slice()
    },
    stats(): SandboxStats {
      const c = state.counters
      return {
        ...c,
        rejected: { ...c.rejected },
        failed: { ...c.failed },
        faults: { ...c.faults },
        webhooks: { ...state.delivery.stats(), duplicated: state.emitter.duplicated, scheduled: state.statuses.size, batched: state.emitter.batched },
      }
    },
    templates() {
      return state.templates.views()
    },
    setTemplateReview(policy: Partial<TemplateReviewPolicy>) {
      const next = { ...options.templateReview, ...policy }
      try {
        checkTemplateReview(next)
      } catch (e) {
        throw new SandboxInputError((e as Error).message)
      }
      options.templateReview = next
    },
    finishTemplateReviews() {
      return state.templates.finishReviews(state.now())
    },
    pauseTemplate(which: TemplateSelector) {
      return state.templates.pause(which, state.now())
    },
    disableTemplate(which: TemplateSelector) {
      return state.templates.disable(which, state.now())
    },
    recategorizeTemplate(which: TemplateSelector, category: Category) {
      if (!(CATEGORIES as readonly string[]).includes(category)) throw new SandboxInputError(`category must be one of ${CATEGORIES.join(', ')}`)
      return state.templates.recategorize(which, category, state.now())
    },
    idle(timeoutMs = 10_000) {
      const { promise, cancel } = state.whenIdle()
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          cancel()
          reject(new Error(`sandbox not idle after ${timeoutMs} ms: ${state.outstanding()} webhooks outstanding${options.webhookUrl === null ? ' (no webhook URL set)' : ''}`))
        }, timeoutMs)
      })
      return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
    },
    verifySubscription() {
      return state.delivery.verify(options.verifyToken, newChallenge())
    },
    reset() {
      state.reset()
    },
    async close() {
      if (closed) return
      closed = true
      state.statuses.clear()
      state.templates.close()
      state.emitter.cancel()
      await Promise.all([server.close(), state.delivery.close()])
    },
  }
  const server = await listen(state, sandbox, options.host, options.port)
  Object.defineProperty(sandbox, 'url', { value: server.url, enumerable: true })
  return sandbox
}
