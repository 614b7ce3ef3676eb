/** Characters WinAnsi adds to Latin-1 (the € sign, curly quotes, dashes, œ…), which Helvetica can draw. */
const WIN_ANSI_EXTRAS = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * `text` as pdfkit's built-in Helvetica can print it (billing documents, letters): Intl's narrow and
 * thin spaces become no-break spaces, tabs become spaces, and a character outside WinAnsi becomes "?"
 * (pdfkit would otherwise write a wrong glyph).
 */
export function printable(text: string): string {
  let result = '';
  for (const char of text.normalize('NFC')) {
    const code = char.codePointAt(0)!;
    if (char === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRAS.has(char)) result += char;
    else if (char === '\u202f' || char === '\u2009' || char === '\u2007') result += '\u00a0';
    else if (char === '\t') result += ' ';
    else if (code >= 0x20) result += '?';
  }
  return result;
}
