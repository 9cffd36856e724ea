import type { FlavourDefinition } from './flavour.js'
import { HTTP_SMS_FLAVOUR } from './http-sms/http-sms-flavour.js'
import { TWILIO_FLAVOUR } from './twilio/twilio-flavour.js'

/** Every provider flavour the sandbox speaks, one line each (see "How a flavour plugs in" in src/sandbox/README.md). */
export const FLAVOURS: readonly FlavourDefinition[] = [TWILIO_FLAVOUR, HTTP_SMS_FLAVOUR]
