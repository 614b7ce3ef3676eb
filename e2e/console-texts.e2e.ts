import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMessageCode } from '@preau/contracts';
import { REPO_ROOT } from './support/console-build.ts';

// No browser here: a fast guard that the console's French and English texts stay complete.
const CONSOLE_SRC = path.join(REPO_ROOT, 'apps', 'console', 'src');
type Texts = { [key: string]: string | Texts };

function flatKeys(texts: Texts, prefix = ''): string[] {
  return Object.entries(texts).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flatKeys(value, `${prefix}${key}.`),
  );
}

function readTexts(locale: 'fr' | 'en'): Set<string> {
  return new Set(flatKeys(JSON.parse(readFileSync(path.join(CONSOLE_SRC, 'i18n', `${locale}.json`), 'utf8')) as Texts));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Keys written literally in `t('…')` calls (keys built at run time are not checked here). */
function literalKeys(): Set<string> {
  const keys = new Set<string>();
  for (const file of sourceFiles(CONSOLE_SRC)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([A-Za-z0-9_.]+)'/g)) keys.add(match[1]!);
  }
  return keys;
}

/** True when `key` exists as such or as plural forms (`key_one`, `key_other`). */
function has(texts: Set<string>, key: string): boolean {
  return texts.has(key) || texts.has(`${key}_other`);
}

describe('console texts', () => {
  it('has the same keys in French and English', () => {
    const fr = readTexts('fr');
    const en = readTexts('en');
    expect([...fr].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !fr.has(k))).toEqual([]);
  });

  it('keeps no text of a catalogue code: those are rendered from the shared catalogue', () => {
    const fr = readTexts('fr');
    expect([...fr].filter((key) => key.startsWith('errors.') && isMessageCode(key.slice('errors.'.length)))).toEqual([]);
    expect([...fr].filter((key) => key.startsWith('errors.'))).toEqual(['errors.unexpected', 'errors.network_error']);
  });

  it('defines every key the pages ask for', () => {
    const fr = readTexts('fr');
    expect([...literalKeys()].filter((key) => !has(fr, key))).toEqual([]);
  });
});
