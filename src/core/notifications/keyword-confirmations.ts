import { baseLanguage } from '../templates/choose-language.js'
import type { KeywordAction } from './keywords.js'

/** The one reply to an opt-out or opt-in keyword; it says how to undo it. */
export interface ConfirmationTexts {
  optOut: string
  optIn: string
}

/**
 * Default confirmations. They go as free-form replies: the keyword itself opened the
 * customer-service window (docs/platform.md §4.1), so no template is needed.
 */
export const DEFAULT_CONFIRMATIONS: Readonly<Record<string, ConfirmationTexts>> = Object.freeze({
  en: {
    optOut: 'You will no longer receive messages from us on WhatsApp. Reply START to receive them again.',
    optIn: 'You will receive our messages on WhatsApp again. Reply STOP to stop them.',
  },
  ru: {
    optOut: 'Вы больше не будете получать от нас сообщения в WhatsApp. Чтобы снова получать их, ответьте СТАРТ.',
    optIn: 'Вы снова будете получать наши сообщения в WhatsApp. Чтобы отказаться от них, ответьте СТОП.',
  },
  tr: {
    optOut: 'Artık size WhatsApp üzerinden mesaj göndermeyeceğiz. Yeniden almak için BAŞLA yazın.',
    optIn: 'WhatsApp mesajlarımızı yeniden alacaksınız. Durdurmak için DUR yazın.',
  },
  es: {
    optOut: 'Ya no recibirás nuestros mensajes por WhatsApp. Responde EMPEZAR para volver a recibirlos.',
    optIn: 'Volverás a recibir nuestros mensajes por WhatsApp. Responde PARAR para dejar de recibirlos.',
  },
  pt: {
    optOut: 'Você não receberá mais nossas mensagens no WhatsApp. Responda INICIAR para voltar a recebê-las.',
    optIn: 'Você voltará a receber nossas mensagens no WhatsApp. Responda SAIR para parar de recebê-las.',
  },
  de: {
    optOut: 'Sie erhalten keine WhatsApp-Nachrichten mehr von uns. Antworten Sie START, um sie wieder zu erhalten.',
    optIn: 'Sie erhalten wieder WhatsApp-Nachrichten von uns. Antworten Sie STOPP, um sie abzubestellen.',
  },
})

/**
 * The confirmation in the first of `languages` that has texts (exact code, then its base language:
 * `pt_BR` → `pt`), else English. Callers pass e.g. [contact's language, the keyword's language].
 */
export function confirmationText(
  action: KeywordAction,
  languages: ReadonlyArray<string | null>,
  texts: Readonly<Record<string, ConfirmationTexts>> = DEFAULT_CONFIRMATIONS,
  fallback = 'en',
): { language: string; text: string } {
  const candidates = [...languages.flatMap((l) => (l === null ? [] : [l, baseLanguage(l)])), fallback]
  const language = candidates.find((l) => texts[l] !== undefined)
  const chosen = language === undefined ? undefined : texts[language]
  if (language === undefined || chosen === undefined) throw new RangeError(`no confirmation texts for ${candidates.join(', ')}`)
  return { language, text: action === 'opt_out' ? chosen.optOut : chosen.optIn }
}
