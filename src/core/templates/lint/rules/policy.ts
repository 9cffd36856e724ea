import { defineRule, hit, type Hit } from './rule.js'
import { at, exact, maskPlaceholders, quote, visibleParts } from './text.js'
import { compileWords } from './wording.js'

/** Full card, bank-account and identity numbers (and card secrets) in en, ru, tr, es, pt, de. */
const SENSITIVE = compileWords([
  // en
  'card number', 'credit card number', 'debit card number', 'full card number', 'cvv', 'cvc', 'cvv2', 'pin', 'pin code',
  'iban', 'bank account number', 'account number', 'routing number', 'sort code', 'passport number', 'id number',
  'national id', 'social security number', 'ssn',
  // ru
  'номер карты', 'номер банковской карты', 'пин-код', 'пин код', 'номер счёта', 'номер счета', 'паспортн* данны*',
  'номер паспорта', 'снилс', 'инн',
  // tr
  'kart numara*', 'kredi kartı numara*', 'hesap numara*', 'tc kimlik', 't.c. kimlik', 'kimlik numara*', 'pasaport numara*',
  'şifre*', 'cvv kod*',
  // es
  'número de tarjeta', 'número de la tarjeta', 'número de cuenta', 'dni', 'número de pasaporte', 'número de identificación',
  // pt
  'número do cartão', 'número da conta', 'cpf', 'rg', 'número do passaporte', 'senha do cartão',
  // de
  'kartennummer', 'kreditkartennummer', 'kontonummer', 'ausweisnummer', 'reisepassnummer', 'steuer-id',
])
/** Asking for it: send, share, reply with, enter… */
const REQUEST = compileWords([
  'send', 'share', 'provide', 'reply with', 'reply', 'enter', 'type', 'give us', 'tell us', 'confirm', 'submit', 'write',
  'пришлите', 'отправьте', 'сообщите', 'укажите', 'введите', 'напишите', 'продиктуйте', 'подтвердите',
  'gönder*', 'paylaş*', 'yaz*', 'bildir*', 'girin', 'giriniz', 'ilet*',
  'envía*', 'envia*', 'envíe*', 'comparte', 'compártenos', 'indica*', 'escribe', 'proporciona*', 'confirma*', 'responde con',
  'envie', 'nos envie', 'compartilhe', 'informe', 'digite', 'mande', 'responda com', 'confirme',
  'senden sie', 'schick*', 'teile*', 'geben sie', 'nennen sie', 'bestätige*',
])
/** "Never share your PIN" is the opposite of a request. */
const NEGATION = compileWords([
  'never', 'do not', "don't", 'dont', 'not', 'никогда', 'не', 'asla', 'hiçbir zaman', 'paylaşmayın', 'nunca', 'no', 'não', 'jamais', 'niemals', 'nicht',
])
const SENTENCE = /[^.!?\n]+[.!?]*/gu

function test(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0
  return pattern.test(text)
}

/**
 * Source: docs/platform.md §3.6 "Content/policy" and §8 — asking people for full card, bank-account
 * or national-id numbers is prohibited (WhatsApp Business Policy). A warning: the words are
 * matched per sentence (a request verb and a sensitive number, without a negation), not understood.
 */
export const policySensitiveData = defineRule({
  id: 'policy.sensitive-data-request',
  severity: 'warning',
  summary: 'Asks for full card, bank-account or ID numbers (prohibited).',
  source: 'Platform doc §3.6 (Content/policy), §8 (Prohibited); WhatsApp Business Policy',
  check(template) {
    const hits: Hit[] = []
    for (const part of visibleParts(template)) {
      const masked = maskPlaceholders(part.text)
      for (const sentence of masked.matchAll(SENTENCE)) {
        const words = sentence[0]
        if (!test(REQUEST, words) || test(NEGATION, words)) continue
        SENSITIVE.lastIndex = 0
        const m = SENSITIVE.exec(words)
        if (m === null) continue
        const start = sentence.index + m.index
        const end = start + m[0].length
        hits.push(hit(part.component, at(part, start, end), `The ${part.label} asks for ${exact(part.text, start, end)}: ${quote(part.text, start, end)}. Requests for full card, bank-account or ID numbers are prohibited and get templates rejected (and numbers reported).`, 'Never collect such numbers over WhatsApp: link to your secure payment or account page instead.'))
      }
    }
    return hits
  },
})

export const POLICY_RULES = [policySensitiveData]
