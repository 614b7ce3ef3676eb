/**
 * Billing dates are calendar dates in Paris (an invoice finalised at 00:30 on 1 January, Paris time,
 * belongs to the new year and its number series), written `YYYY-MM-DD`.
 */
import { fromUtc, toUtc } from '../../shared/paris-calendar.ts';

export { addDays, parisDate } from '../../shared/paris-calendar.ts';

/**
 * `count` billing periods after `date`: whole months or years, the day kept where the month has it
 * (31 January + 1 month = 28 or 29 February: the last day of the month).
 */
export function addPeriods(date: string, period: 'year' | 'month', count: number): string {
  const d = toUtc(date);
  const months = period === 'year' ? 12 * count : count;
  const day = d.getUTCDate();
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return fromUtc(target);
}

/** Whether `date` is a real calendar date (the schema only checks its shape: 2026-02-30 passes it). */
/** A calendar date `YYYY-MM-DD` as people read it in French and in English: DD/MM/YYYY. */
export function readableDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

export function isCalendarDate(date: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) && fromUtc(toUtc(date)) === date;
}
