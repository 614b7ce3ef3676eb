import type { Locale } from '@preau/contracts';

/** What a template produces for one language: subject, paragraphs and an optional call-to-action link. */
export interface MailContent {
  subject: string;
  /** Plain-text paragraphs; rendered escaped in HTML. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** A closing line under the action (e.g. "If you did not ask for this, ignore this e-mail."). */
  footer?: string;
}

/** A message template: one function per language, taking the template's variables. */
export type MailTemplate<Vars> = Record<Locale, (vars: Vars) => MailContent>;

/** A rendered message, ready for `mailer.send({ to, ...rendered })`. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** Declares a template in French and English (typed variables); render it with `renderMail`. */
export function defineMailTemplate<Vars>(template: MailTemplate<Vars>): MailTemplate<Vars> {
  return template;
}

/** Picks the recipient's language (French when unknown) and renders text and HTML bodies. */
export function renderMail<Vars>(template: MailTemplate<Vars>, locale: string | null | undefined, vars: Vars): RenderedMail {
  const content = template[locale === 'en' ? 'en' : 'fr'](vars);
  return { subject: content.subject, text: renderText(content), html: renderHtml(content) };
}

function renderText(content: MailContent): string {
  const blocks = [...content.paragraphs];
  if (content.action) blocks.push(`${content.action.label} :\n${content.action.url}`);
  if (content.footer) blocks.push(content.footer);
  blocks.push('— Préau');
  return `${blocks.join('\n\n')}\n`;
}

function renderHtml(content: MailContent): string {
  const paragraphs = content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`);
  if (content.action) {
    const url = escapeHtml(content.action.url);
    paragraphs.push(
      `<p><a href="${url}" style="display:inline-block;padding:10px 16px;background:#1c7ed6;color:#fff;border-radius:4px;text-decoration:none">${escapeHtml(content.action.label)}</a></p>`,
      `<p style="font-size:12px;color:#555">${url}</p>`,
    );
  }
  if (content.footer) paragraphs.push(`<p style="font-size:12px;color:#555">${escapeHtml(content.footer)}</p>`);
  return [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#222">',
    ...paragraphs,
    '<p style="color:#555">— Préau</p></body></html>',
  ].join('\n');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
