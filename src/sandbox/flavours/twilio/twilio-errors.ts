/**
 * Twilio's error codes the sandbox produces (docs/platform.md §7.2, §7.4). Synchronous ones answer
 * a request with Twilio's REST error body `{code, message, more_info, status}`; asynchronous ones
 * travel as `ErrorCode` / `ErrorMessage` in status callbacks (and on the Message resource).
 */

export const TWILIO_SYNC_ERRORS = {
  20003: { status: 401, message: 'Authenticate' },
  20404: { status: 404, message: 'The requested resource was not found' },
  20422: { status: 400, message: 'Invalid Parameter' },
  20500: { status: 500, message: 'An internal server error has occurred' },
  20503: { status: 503, message: 'Service Unavailable' },
  21211: { status: 400, message: "Invalid 'To' Phone Number" },
  21602: { status: 400, message: 'Message body is required.' },
  21603: { status: 400, message: "A 'From' phone number is required." },
  21604: { status: 400, message: "A 'To' phone number is required." },
  21606: { status: 400, message: "The 'From' phone number provided is not a valid message-capable Twilio phone number for this destination/account." },
  21609: { status: 400, message: 'Invalid StatusCallback url' },
  21610: { status: 400, message: 'Attempt to send to unsubscribed recipient' },
  21617: { status: 400, message: 'The concatenated message body exceeds the 1600 character limit.' },
  21619: { status: 400, message: 'A text message body, media URL or Content SID is required.' },
  21654: { status: 400, message: 'A ContentSid must be specified if ContentVariables are provided in the request.' },
  21655: { status: 400, message: 'The ContentSid is Invalid.' },
  21656: { status: 400, message: 'The ContentVariables Parameter is invalid.' },
  21910: { status: 400, message: 'Invalid From and To pair. From and To should be of the same channel.' },
} as const satisfies Record<number, { status: number; message: string }>

export type TwilioSyncCode = keyof typeof TWILIO_SYNC_ERRORS

/** Codes that arrive later, on a `failed` or `undelivered` status. */
export const TWILIO_ASYNC_ERRORS = {
  30003: 'Unreachable destination handset',
  63003: 'Channel could not find To address',
  63016: 'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.',
  63018: 'Rate limit exceeded for Channel',
  63021: 'Channel invalid content error',
  63027: 'Template does not exist for a language and locale',
  63028: 'Number of parameters provided does not match the expected number of parameters',
  63049: 'Meta chose not to deliver this WhatsApp marketing message',
} as const satisfies Record<number, string>

export type TwilioAsyncCode = keyof typeof TWILIO_ASYNC_ERRORS

export interface TwilioFailure {
  code: TwilioSyncCode
  /** Overrides the default message to say what was wrong. */
  message?: string
}

export function twilioFailure(code: TwilioSyncCode, message?: string): TwilioFailure {
  return message === undefined ? { code } : { code, message }
}

/** Twilio's REST error body and its HTTP status. */
export function twilioErrorBody(f: TwilioFailure): { status: number; body: { code: number; message: string; more_info: string; status: number } } {
  const spec = TWILIO_SYNC_ERRORS[f.code]
  return {
    status: spec.status,
    body: { code: f.code, message: f.message ?? spec.message, more_info: `https://www.twilio.com/docs/errors/${f.code}`, status: spec.status },
  }
}
