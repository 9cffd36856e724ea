import { FlavourSet } from './flavours/flavour-set.js'
import { isFlavourName, type FlavourName } from './flavours/names.js'
import { FLAVOURS } from './flavours/registry.js'
import type { SmsUser, SmsUserSettings } from './flavours/sms/sms-users.js'
import { newChallenge } from './ids.js'
import { checkFaults, checkOptions, checkTemplateReview, checkWebhookUrl, type SandboxFaults, type SandboxOptions, type TemplateReviewPolicy } from './options.js'
import type { Sandbox } from './sandbox-api.js'
import { listen } from './server.js'
import { SandboxState, type AcceptedMessage, type ReadReceipt } from './state.js'
import { readStateFile, SandboxStateError, StateWriter } from './state-file.js'
import { restoreState, saveState } from './state-snapshot.js'
import type { SandboxStats } from './stats.js'
import { CATEGORIES, type Category, type TemplateSelector } from './template-model.js'
import { SandboxInputError } from './input-error.js'
import { userSends } from './user-sends.js'
import { phoneDigits, type SimulatedUser, type UserSettings } from './users.js'
import type { SimulatedInbound } from './webhook-payloads.js'

/**
 * Starts the emulator on `options.host:options.port` (0 = ephemeral; see `url`). With
 * `options.stateFile` it continues from that file's state and keeps it up to date; an unreadable
 * file is refused with a {@link SandboxStateError} before anything listens.
 */
export async function startSandbox(input: SandboxOptions): Promise<Sandbox> {
  // A private copy: the setters change it, the caller's object stays as given.
  // A private copy of the options; the functions in them are shared, not copied.
  const options: SandboxOptions = structuredClone({ ...input, random: undefined, now: undefined })
  if (input.random) options.random = input.random
  if (input.now) options.now = input.now
  checkOptions(options)
  const state = new SandboxState(options, FlavourSet.numbersOf(FLAVOURS))
  // Before the state file is read: restored statuses of a flavour's number go to that flavour.
  const flavours = new FlavourSet(FLAVOURS, state, options)
  let writer: StateWriter | null = null
  try {
    writer = options.stateFile ? persist(state, options.stateFile, options.stateFlushMs ?? 1000) : null
  } catch (e) {
    await discard(state, flavours)
    throw e
  }
  let closed = false

  const sandbox: Sandbox = {
    url: '',
    options,
    setWebhookUrl(url: string | null) {
      if (url !== null) checkWebhookUrl(url)
      options.webhookUrl = url
      state.delivery.setUrl(url)
    },
    setCallbackUrl(flavour: 'meta' | FlavourName, url: string | null) {
      if (flavour === 'meta') return sandbox.setWebhookUrl(url)
      if (!isFlavourName(flavour)) throw new SandboxInputError(`not a provider flavour: ${String(flavour)}`)
      flavours.setUrl(flavour, url)
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
      state.touch()
      return { ...user }
    },
    user(phone: string, to?: string) {
      const digits = phoneDigits(phone)
      if (digits === null) throw new SandboxInputError(`not a phone number: ${phone}`)
      const number = to === undefined ? state.defaultNumber : state.numberFor(to)
      if (!number) throw new SandboxInputError(`no sandbox WhatsApp business number ${to}`)
      const user = state.users.resolve(digits)
      return { ...user, windowClosesAt: state.windows.closesAt(number.id, user.waId) }
    },
    async userSends(phone: string, message: SimulatedInbound, to?: string) {
      const wamid = userSends(state, phone, message, to)
      state.touch()
      return wamid
    },
    setSmsUser(phone: string, settings: SmsUserSettings): SmsUser {
      const digits = smsDigits(phone)
      if (settings.reachable !== undefined && typeof settings.reachable !== 'boolean') throw new SandboxInputError('reachable must be a boolean')
      return state.sms.users.configure(digits, settings)
    },
    smsUser(phone: string) {
      const digits = smsDigits(phone)
      return { ...state.sms.users.resolve(digits), optedOutOf: state.sms.numbers().filter((n) => state.sms.users.optedOut(n, digits)).map((n) => `+${n}`) }
    },
    async userSendsSms(phone: string, text: string, to: string) {
      const from = smsDigits(phone)
      const business = phoneDigits(to)
      if (business === null || !state.sms.has(business)) throw new SandboxInputError(`no sandbox SMS business number ${to}`)
      if (typeof text !== 'string' || text === '') throw new SandboxInputError('text must be a non-empty string')
      return state.sms.inbound({ from, to: business, text })
    },
    smsAccepted() {
      return state.sms.accepted()
    },
    accepted(): AcceptedMessage[] {
      return state.log.slice()
    },
    readReceipts(): ReadReceipt[] {
      return state.readReceipts.slice()
    },
    stats(): SandboxStats {
      const c = state.counters
      return {
        ...c,
        rejected: { ...c.rejected },
        failed: { ...c.failed },
        faults: { ...c.faults },
        webhooks: { ...state.delivery.stats(), duplicated: state.emitter.duplicated, scheduled: state.statuses.size, batched: state.emitter.batched },
        callbacks: flavours.stats(),
        sms: { ...state.sms.counters, scheduledReceipts: state.sms.scheduled },
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
      return changes(state, () => state.templates.finishReviews(state.now()))
    },
    pauseTemplate(which: TemplateSelector) {
      return changes(state, () => state.templates.pause(which, state.now()))
    },
    disableTemplate(which: TemplateSelector) {
      return changes(state, () => state.templates.disable(which, state.now()))
    },
    recategorizeTemplate(which: TemplateSelector, category: Category) {
      if (!(CATEGORIES as readonly string[]).includes(category)) throw new SandboxInputError(`category must be one of ${CATEGORIES.join(', ')}`)
      return changes(state, () => state.templates.recategorize(which, category, state.now()))
    },
    idle(timeoutMs = 10_000) {
      const { promise, cancel } = state.whenIdle()
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          cancel()
          reject(new Error(`sandbox not idle after ${timeoutMs} ms: ${state.outstanding()} webhooks outstanding${options.webhookUrl === null ? ' (no webhook URL set)' : ''}${flavours.pending() > 0 ? `, ${flavours.pending()} of them flavour callbacks` : ''}`))
        }, timeoutMs)
      })
      return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
    },
    verifySubscription() {
      return state.delivery.verify(options.verifyToken, newChallenge())
    },
    reset() {
      flavours.reset()
      state.reset()
      // At once, not batched: a reset file must not bring the old state back after a crash.
      writer?.flush()
    },
    async close() {
      if (closed) return
      closed = true
      try {
        // Batched statuses become deliveries, which the last write keeps until acknowledged.
        state.emitter.flush()
        writer?.close()
      } finally {
        state.onChange = null
        state.statuses.clear()
        state.templates.close()
        state.emitter.cancel()
        state.sms.close()
        await Promise.all([server.close(), state.delivery.close(), flavours.close()])
      }
    },
  }
  let server: Awaited<ReturnType<typeof listen>>
  try {
    server = await listen(state, sandbox, flavours, options.host, options.port)
  } catch (e) {
    await discard(state, flavours)
    throw e
  }
  Object.defineProperty(sandbox, 'url', { value: server.url, enumerable: true })
  return sandbox
}

/** Stops the timers and connections of a state whose sandbox never started (restored webhooks, reviews). */
async function discard(state: SandboxState, flavours: FlavourSet): Promise<void> {
  state.onChange = null
  state.statuses.clear()
  state.templates.close()
  state.emitter.cancel()
  state.sms.close()
  await Promise.all([state.delivery.close(), flavours.close()])
}

/** The digits of an SMS recipient's number, or a {@link SandboxInputError}. */
function smsDigits(phone: string): string {
  const digits = phoneDigits(phone)
  if (digits === null) throw new SandboxInputError(`not a phone number: ${phone}`)
  return digits
}

/** Runs a change made through the in-process API and marks the state changed. */
function changes<T>(state: SandboxState, change: () => T): T {
  const result = change()
  state.touch()
  return result
}

/** Continues from the state file (if there is one yet) and keeps it written from now on. */
function persist(state: SandboxState, file: string, flushEveryMs: number): StateWriter {
  const saved = readStateFile(file)
  if (saved) {
    try {
      restoreState(state, saved)
    } catch (e) {
      throw new SandboxStateError(file, (e as Error).message)
    }
  }
  const writer = new StateWriter(file, flushEveryMs, (complete) => saveState(state, complete))
  // Written at once, complete: the file exists from the start, an unwritable folder fails the start
  // rather than a timer later, and a start that fails after this (a port in use) loses nothing.
  try {
    writer.flush(true)
  } catch (e) {
    throw new Error(`sandbox state file ${file} cannot be written: ${(e as Error).message}`, { cause: e })
  }
  state.onChange = () => writer.touch()
  return writer
}
