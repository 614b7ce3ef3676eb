import type { BaseDegree } from '@preau/contracts';

/** The levels of each degree, youngest first: a class's pupils move to the next level, and leave after the last. */
const LEVELS: Record<BaseDegree, readonly string[]> = {
  ecole: ['TPS', 'PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2'],
  college: ['6', '5', '4', '3'],
};

/**
 * Where the pupils of class `code` go next year, among `codes` (the classes the new base will have,
 * the same as this year's): the class of the next level with the same rest of the code (6A → 5A,
 * CE1 B → CE2 B), null after the last level (3e, CM2) or when no class fits (the direction chooses).
 * Codes are compared without case, spaces or dashes; the longest level the code starts with wins
 * (CE1 before C…).
 */
export function proposeTarget(degree: BaseDegree, code: string, codes: readonly string[]): string | null {
  const levels = LEVELS[degree];
  const normalise = (text: string) => text.toUpperCase().replace(/[\s\-_]/g, '');
  const own = normalise(code);
  const level = [...levels].sort((a, b) => b.length - a.length).find((candidate) => own.startsWith(candidate));
  if (level === undefined) return null;
  const next = levels[levels.indexOf(level) + 1];
  if (next === undefined) return null;
  const wanted = next + own.slice(level.length);
  return codes.find((candidate) => normalise(candidate) === wanted) ?? null;
}
