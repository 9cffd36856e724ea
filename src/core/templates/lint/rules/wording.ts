/**
 * Word lists for the wording rules (category signals, policy), by base language, and their
 * compilation into one precompiled regex per language.
 *
 * Entry syntax, chosen so lists read as words rather than regexes:
 * - `*` at the end of a word: any letters follow (a stem: `скидк*` → скидка, скидки, скидку);
 * - a space: any run of whitespace;
 * - `#`: a number (`#% off` → 20% off, 15 % off);
 * - an entry starting with `/` is a raw regex source, for the few that need look-arounds.
 * Matches must stand alone: no letter or digit right before or after.
 */
export type WordLists = Readonly<Record<string, readonly string[]>>

function entrySource(entry: string): string {
  if (entry.startsWith('/')) return entry.slice(1)
  let out = ''
  for (const ch of entry) {
    if (ch === '*') out += '\\p{L}*'
    else if (ch === ' ') out += '\\s+'
    else if (ch === '#') out += '\\d+(?:[.,]\\d+)?\\s?'
    // Turkish dotted/dotless i: `i` flag does not fold İ→i or I→ı.
    else if (ch === 'i') out += '[iİ]'
    else if (ch === 'ı') out += '[ıI]'
    else out += ch.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&')
  }
  return out
}

/** One case-insensitive, Unicode-aware, global regex matching any entry; longer entries win. */
export function compileWords(entries: readonly string[]): RegExp {
  const sources = [...entries].sort((a, b) => b.length - a.length).map(entrySource)
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${sources.join('|')})(?![\\p{L}\\p{N}])`, 'giu')
}

/** Compiles every language's list together with the language-neutral `any` list. */
export function compileLists(lists: WordLists): ReadonlyMap<string, RegExp> {
  const any = lists.any ?? []
  const compiled = new Map<string, RegExp>()
  for (const [language, entries] of Object.entries(lists)) {
    if (language !== 'any') compiled.set(language, compileWords([...entries, ...any]))
  }
  return compiled
}

/** The regex for a template language (`pt_BR` → pt); English for languages without a list. */
export function wordsFor(compiled: ReadonlyMap<string, RegExp>, language: string): RegExp {
  const base = language.split('_')[0]!.toLowerCase()
  return compiled.get(base) ?? compiled.get('en')!
}

/**
 * Promotional wording (docs/platform.md §3.5, §3.6 "Utility", §8: any promotional content makes a
 * template MARKETING). Words that are ordinary in transactional text were left out on purpose:
 * "sales" (team), Russian "купили" (you bought), Turkish "satın aldığınız", Portuguese
 * "aproveite" (enjoy the lesson), Spanish "sale" (leaves).
 */
export const PROMOTIONAL: WordLists = {
  any: ['black friday', 'cyber monday', 'cashback', 'promo code', 'promocode', '/-\\d+\\s?%'],
  en: [
    'discount*', '#% off', '% off', 'sale', 'on sale', 'offer', 'offers', 'special offer', '/(?<!feel\\s)(?<!toll-)free',
    'limited time', 'limited offer', 'buy now', 'shop now', 'order now', 'book now', 'coupon*', 'promo', 'promotion*',
    'deal', 'deals', 'best price', 'lowest price', 'save up to', 'bonus', 'gift', 'gifts', 'exclusive', 'hurry',
    'last chance', "don't miss", 'do not miss', 'clearance', 'bargain*', 'voucher*', 'refer a friend', 'invite a friend',
    'subscribe now', 'upgrade now', 'sign up today',
  ],
  ru: [
    'скидк*', 'распродаж*', 'акци*', 'промокод*', 'бесплатн*', 'купон*', 'специальн* предложени*', 'выгодн*',
    'только сегодня', 'успейте', 'успей', 'подар*', 'бонус*', 'кешбэк*', 'кэшбэк*', 'ограниченн* предложени*',
    'не пропустите', 'не пропусти', 'лучш* цен*', 'приведи* друга', 'пригласи* друга', 'спецпредложени*',
  ],
  tr: [
    'indirim*', 'kampanya*', 'fırsat*', 'ücretsiz', 'bedava', 'kupon*', 'promosyon*', 'sınırlı süre*', 'kaçırma*',
    'hediye*', 'bonus*', 'özel teklif*', 'son şans', 'hemen al', 'satın al', 'avantajlı', '/%\\s?\\d+',
  ],
  es: [
    'descuento*', 'oferta*', 'rebaja*', 'gratis', 'gratuit*', 'cupón', 'cupon*', 'promoción', 'promocion*',
    'tiempo limitado', 'compra ya', 'compra ahora', 'no te lo pierdas', 'no te pierdas', 'última oportunidad',
    'regalo*', 'ahorra*', 'liquidación', '2x1',
  ],
  pt: [
    'desconto*', 'oferta*', 'promoção', 'promoções', 'promo', 'grátis', 'gratis', 'gratuit*', 'cupom', 'cupons',
    'liquidação', 'tempo limitado', 'compre já', 'compre agora', 'não perca', 'última chance', 'brinde*', 'economize',
    'frete grátis',
  ],
  de: [
    'rabatt*', 'angebot*', 'sonderangebot*', 'gratis', 'kostenlos*', 'gutschein*', 'nur heute', 'jetzt kaufen',
    'begrenzte zeit', 'schnäppchen', 'sale', 'aktion*',
  ],
}

/** One-time-code wording (platform doc §3.5, §3.6 "Authentication", §8: OTP codes only from AUTHENTICATION templates). */
export const ONE_TIME_CODE: WordLists = {
  any: ['otp', '2fa'],
  en: [
    'verification code', 'one-time code', 'one time code', 'one-time password', 'one time password', 'one-time passcode',
    'passcode', 'your code is', 'security code', 'login code', 'log-in code', 'sign-in code', 'authentication code',
    'access code',
  ],
  ru: ['код подтверждени*', 'одноразов* код*', 'одноразов* парол*', 'ваш код', 'код для входа', 'код доступа', 'проверочн* код*'],
  tr: ['doğrulama kod*', 'tek kullanımlık', 'onay kod*', 'giriş kod*', 'güvenlik kod*', 'kodunuz'],
  es: ['código de verificación', 'código de seguridad', 'código de acceso', 'código de un solo uso', 'contraseña de un solo uso', 'tu código es', 'su código es'],
  pt: ['código de verificação', 'código de segurança', 'código de acesso', 'senha de uso único', 'seu código é', 'código único'],
  de: ['bestätigungscode', 'verifizierungscode', 'einmalpasswort', 'einmalcode', 'sicherheitscode', 'dein code lautet', 'ihr code lautet'],
}
