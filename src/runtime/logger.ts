import { pino, type Logger } from 'pino'

export type { Logger }

/**
 * The process logger. Secrets never reach it: request logging is off for headers, and the
 * redaction list covers the fields that could carry credentials if someone logs a config or request.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: {
      paths: ['*.authorization', '*.Authorization', 'headers.authorization', '*.accessToken', '*.appSecret', '*.verifyToken', '*.adminApiKey', 'apiKey', '*.apiKey'],
      censor: '[redacted]',
    },
  })
}
