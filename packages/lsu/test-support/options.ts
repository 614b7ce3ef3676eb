import type { LsuEncoding } from './encode.ts';
import type { LsuShape } from './shapes.ts';

export type CollegeVersion = '10.0' | '7.0' | '3.0';
export type EcoleVersion = '1.0' | '1.0b';
export type LsuVersion = CollegeVersion | EcoleVersion;

/** What to generate. Everything but `version` has a realistic default. */
export interface LsuGeneratorOptions {
  /** Rule set: collège 10.0/7.0/3.0 or école 1.0/1.0b (both école revisions write schemaVersion 1.0). */
  version: LsuVersion;
  /** Seed of the pseudo-random content (default 1). */
  seed?: number;
  pupils?: number;
  /** 3 trimestres or 2 semestres; each pupil gets one bilan per period (0 = no periodic bilans). */
  periods?: 0 | 2 | 3;
  /** End-of-cycle bilans for the pupils at the end of a cycle (6e and 3e, or CE2 in école). */
  cycleBilans?: boolean;
  encoding?: LsuEncoding;
  /** How the document is written (see `LsuShape`); the content is the same. */
  shape?: LsuShape;
  /** Collège: this many subject averages (`moyenne-structure`) out of their type, one error each (default 0). */
  invalidAverages?: number;
  uai?: string;
  editor?: string;
  application?: string;
  /** First year of the school year (default 2025 for 2025-2026). */
  millesime?: number;
  /** Pupils per division/class (default 27); 1 spreads a few pupils over every level. */
  pupilsPerDivision?: number;
}

export type ResolvedOptions = Required<LsuGeneratorOptions>;

/** Fills in the defaults. */
export function resolveOptions(options: LsuGeneratorOptions): ResolvedOptions {
  return {
    seed: 1,
    pupils: 30,
    periods: 3,
    cycleBilans: true,
    encoding: 'UTF-8',
    shape: 'plain',
    invalidAverages: 0,
    uai: '0382032C',
    editor: 'Préau',
    application: 'Préau Livret',
    millesime: 2025,
    pupilsPerDivision: 27,
    ...options,
  };
}

/** Family of a version. */
export function familyOf(version: LsuVersion): 'college' | 'ecole' {
  return version.startsWith('1.0') ? 'ecole' : 'college';
}

/** The `schemaVersion` attribute written for a version. */
export function schemaVersionOf(version: LsuVersion): string {
  return version === '1.0b' ? '1.0' : version;
}

/** Period boundaries of the school year starting in `millesime`. */
export function periodDates(millesime: number, count: number): { start: string; end: string }[] {
  const y0 = String(millesime);
  const y1 = String(millesime + 1);
  if (count === 2) return [{ start: `${y0}-09-01`, end: `${y1}-01-31` }, { start: `${y1}-02-01`, end: `${y1}-07-04` }];
  return [
    { start: `${y0}-09-01`, end: `${y0}-11-30` },
    { start: `${y0}-12-01`, end: `${y1}-03-07` },
    { start: `${y1}-03-08`, end: `${y1}-07-04` },
  ];
}

/** A date a few days before `date` (both YYYY-MM-DD). */
export function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}
