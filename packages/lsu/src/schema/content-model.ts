/**
 * Content models as small automata. LSU schemas only use sequences of distinct element names with
 * occurrence bounds (a repeated one-element sequence is the same as a repeated element), one
 * `xs:all` and (in an unused école type) a repeated choice of single elements, so the state is a
 * particle index and a counter (a bit set for `all`, the number of choices made for `choice`).
 */
import type { CompiledParticle, CompiledType } from './compile.ts';

/** Mutable matching state, kept in each open element's frame. */
export interface ModelState {
  index: number;
  count: number;
  seen: number;
}

/** Why a child is not allowed; `particle`, when known, is used to go on checking the child. */
export interface StepFailure {
  failed: true;
  code: 'schema.element.unexpected' | 'schema.element.too_many' | 'schema.element.not_allowed';
  expected: string[];
  particle?: CompiledParticle;
}

/** Moves the state over a child element named `name`: its particle, or why it is not allowed. */
export function step(type: CompiledType, state: ModelState, name: string): CompiledParticle | StepFailure {
  const parts = type.particles;
  if (type.mode === 'all') {
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name !== name) continue;
      if (state.seen & (1 << i)) return { failed: true, code: 'schema.element.too_many', expected: [], particle: p };
      state.seen |= 1 << i;
      return p;
    }
    return { failed: true, code: 'schema.element.unexpected', expected: parts.filter((_, i) => !(state.seen & (1 << i))).map((p) => p.name) };
  }
  if (type.mode === 'choice') return stepChoice(type, state, name);
  if (type.mode !== 'sequence') return { failed: true, code: 'schema.element.not_allowed', expected: [] };
  // No allocation on the way: this runs for every element; what was expected is listed on failure only.
  let i = state.index;
  let count = state.count;
  while (i < parts.length) {
    const p = parts[i]!;
    if (p.name === name) {
      if (count < p.max) {
        state.index = i;
        state.count = count + 1;
        return p;
      }
      const expected = [...expectedFrom(parts, state, i), ...parts.slice(i + 1).map((q) => q.name)];
      return { failed: true, code: 'schema.element.too_many', expected: expected.slice(0, 4), particle: p };
    }
    if (count < p.min) break;
    i++;
    count = 0;
  }
  const expected = expectedFrom(parts, state, parts.length);
  // Not allowed here. If it appears later in the sequence, resume from there so that the rest of
  // the content is still checked (the missing elements are reported by this error).
  for (let j = state.index + 1; j < parts.length; j++) {
    const p = parts[j]!;
    if (p.name === name) {
      state.index = j;
      state.count = 1;
      return { failed: true, code: 'schema.element.unexpected', expected: dedupe(expected), particle: p };
    }
  }
  return { failed: true, code: 'schema.element.unexpected', expected: dedupe(expected), particle: parts.find((p) => p.name === name) };
}

/** A choice: any option while fewer than `choiceMax` children were seen (`count`). */
function stepChoice(type: CompiledType, state: ModelState, name: string): CompiledParticle | StepFailure {
  const p = type.particles.find((q) => q.name === name);
  const full = state.count >= type.choiceMax;
  if (!p) return { failed: true, code: 'schema.element.unexpected', expected: full ? [] : type.particles.map((q) => q.name) };
  if (full) return { failed: true, code: 'schema.element.too_many', expected: [], particle: p };
  state.count++;
  return p;
}

/** Whether the element may end in this state (no allocation: called for every element). */
export function isComplete(type: CompiledType, state: ModelState): boolean {
  const parts = type.particles;
  if (type.mode === 'sequence') {
    const current = parts[state.index];
    if (current && state.count < current.min) return false;
    for (let i = state.index + 1; i < parts.length; i++) if (parts[i]!.min > 0) return false;
    return true;
  }
  if (type.mode === 'choice') return state.count >= type.choiceMin;
  return type.mode !== 'all' || missingAtEnd(type, state).length === 0;
}

/** Names of required children still missing when the element ends; [] when complete. */
export function missingAtEnd(type: CompiledType, state: ModelState): { name: string; min: number; count: number }[] {
  const parts = type.particles;
  const missing: { name: string; min: number; count: number }[] = [];
  if (type.mode === 'all') {
    parts.forEach((p, i) => {
      if (p.min > 0 && !(state.seen & (1 << i))) missing.push({ name: p.name, min: p.min, count: 0 });
    });
    return missing;
  }
  if (type.mode === 'choice') {
    if (state.count < type.choiceMin) missing.push({ name: parts.map((p) => p.name).join(' | '), min: type.choiceMin, count: state.count });
    return missing;
  }
  if (type.mode !== 'sequence') return missing;
  for (let i = state.index; i < parts.length; i++) {
    const p = parts[i]!;
    const count = i === state.index ? state.count : 0;
    if (count < p.min) missing.push({ name: p.name, min: p.min, count });
  }
  return missing;
}

/** Names a sequence in `state` would accept next, before particle `stop` (up to the first required one). */
function expectedFrom(parts: CompiledParticle[], state: ModelState, stop: number): string[] {
  const names: string[] = [];
  for (let i = state.index, count = state.count; i < stop; i++, count = 0) {
    const p = parts[i]!;
    if (count < p.min) {
      names.push(p.name);
      break;
    }
    if (count < p.max) names.push(p.name);
  }
  return names;
}

function dedupe(names: string[]): string[] {
  return [...new Set(names)].slice(0, 6);
}
