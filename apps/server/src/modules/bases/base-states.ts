import type { BaseState } from '@preau/contracts';
import { AppError } from '../../shared/app-error.ts';

/** Base state transitions the console offers; loading and archiving belong to later features. */
export type BaseTransition = 'put_in_service' | 'stop';

const ALLOWED_FROM: Record<BaseTransition, readonly BaseState[]> = {
  put_in_service: ['empty', 'stopped'],
  stop: ['in_service'],
};
const TARGET: Record<BaseTransition, BaseState> = { put_in_service: 'in_service', stop: 'stopped' };

/** The state `transition` leads to from `current`; throws 409 `base.invalid_transition` when not allowed. */
export function nextBaseState(current: BaseState, transition: BaseTransition): BaseState {
  if (!ALLOWED_FROM[transition].includes(current)) {
    throw new AppError('conflict', 'base.invalid_transition', { state: current, transition });
  }
  return TARGET[transition];
}

/** Throws 400 on a school year whose second year does not follow the first (e.g. 2025-2027). */
export function assertSchoolYear(schoolYear: string): void {
  const [first, second] = schoolYear.split('-').map(Number);
  if (first === undefined || second !== first + 1) {
    throw new AppError('validation_failed', 'validation_failed', {}, { fields: { '/schoolYear': { code: 'school_year.invalid' } } });
  }
}

/** First and last day a period of `schoolYear` may cover (1 August to 31 July, overseas calendars included). */
export function schoolYearBounds(schoolYear: string): { first: string; last: string } {
  const start = Number(schoolYear.slice(0, 4));
  return { first: `${start}-08-01`, last: `${start + 1}-07-31` };
}
