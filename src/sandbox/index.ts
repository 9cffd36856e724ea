/**
 * Parley's sandbox: a local emulator of the Meta WhatsApp Cloud API and its webhooks, and of BSP
 * flavours of it (360dialog, Gupshup, …) on their own path prefixes, written from the platform
 * documentation (docs/platform.md), independently of the adapters.
 */
export {
  sandboxOptions, NO_FAULTS, type DeepPartial, type SandboxFaults, type SandboxOptions, type SandboxPhoneNumber, type TemplateReviewPolicy,
} from './options.js'
export { startSandbox } from './start-sandbox.js'
export { SandboxStateError } from './state-file.js'
export type { Sandbox } from './sandbox-api.js'
export type { AcceptedMessage } from './state.js'
export type { CallbackStats, SandboxStats } from './stats.js'
export { FLAVOUR_NAMES, type FlavourName } from './flavours/names.js'
export { DIALOG360 as SANDBOX_360DIALOG } from './flavours/360dialog/identity.js'
export { GUPSHUP as SANDBOX_GUPSHUP, gupshupTemplateId } from './flavours/gupshup/identity.js'
export type { SimulatedUser, UserSettings } from './users.js'
export type { SimulatedInbound } from './webhook-payloads.js'
export type { TemplateCatalog, TemplateCategory, TemplateResolution, TemplateSendRequest } from './templates.js'
export type {
  Category as TemplateStoreCategory, RejectionReason, SandboxTemplate, TemplateChange, TemplateComponent, TemplateOrigin, TemplateSelector, TemplateStatus,
} from './template-model.js'
export { SAMPLE_TEMPLATES, DEMO_TEMPLATES, type TemplateDefinition } from './sample-templates.js'
export { metaJson } from './meta-json.js'
export { META_ERRORS, type MetaErrorCode } from './errors.js'
export type { SmsCounters, SmsMessage } from './flavours/sms/sms-core.js'
export type { SmsUser, SmsUserSettings } from './flavours/sms/sms-users.js'
export { countSegments, type SegmentCount, type SmsEncoding } from './flavours/sms/sms-segments.js'
export { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_SMS_NUMBER, TWILIO_WHATSAPP_NUMBER } from './flavours/twilio/twilio-identity.js'
export { HTTP_SMS_KEY, HTTP_SMS_NUMBER } from './flavours/http-sms/http-sms-flavour.js'
