import { dialog360Flavour } from './360dialog/index.js'
import type { FlavourDefinition } from './flavour.js'
import { gupshupFlavour } from './gupshup/index.js'
import { HTTP_SMS_FLAVOUR } from './http-sms/http-sms-flavour.js'
import { TWILIO_FLAVOUR } from './twilio/twilio-flavour.js'

/** Every provider flavour the sandbox speaks, one line each (see "How a flavour plugs in" in src/sandbox/README.md). */
export const FLAVOURS: readonly FlavourDefinition[] = [
  dialog360Flavour,
  gupshupFlavour,
  TWILIO_FLAVOUR,
  HTTP_SMS_FLAVOUR,
]
