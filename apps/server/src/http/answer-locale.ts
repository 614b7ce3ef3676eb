import type { FastifyRequest } from 'fastify';
import type { Locale } from '@preau/contracts';

const LOCALES: readonly Locale[] = ['fr', 'en'];

/**
 * The language of an answer's messages: the one of French and English that `Accept-Language` prefers
 * (by q-value, then by order), else the signed-in account's locale, else French.
 */
export function answerLocale(request: FastifyRequest): Locale {
  return preferredLocale(request.headers['accept-language']) ?? request.user?.locale ?? 'fr';
}

/** The best of French and English in an `Accept-Language` header, or undefined when it names neither. */
export function preferredLocale(header: string | undefined): Locale | undefined {
  let best: { locale: Locale; q: number } | undefined;
  for (const range of (header ?? '').split(',')) {
    const [tag = '', ...parameters] = range.split(';').map((part) => part.trim());
    const locale = LOCALES.find((l) => l === tag.toLowerCase().split('-')[0]);
    const qParameter = parameters.find((p) => /^q=/i.test(p));
    const q = qParameter === undefined ? 1 : Number(qParameter.slice(2));
    if (locale === undefined || !(q > 0)) continue;
    if (!best || q > best.q) best = { locale, q };
  }
  return best?.locale;
}
