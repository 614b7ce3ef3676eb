/**
 * Calendar dates in Paris, written `YYYY-MM-DD`: the day an invoice belongs to, the day an access
 * ends (billing, teams and grants share them).
 */
const PARIS_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Paris at instant `at`. */
export function parisDate(at: Date): string {
  return PARIS_DATE.format(at);
}

/** `YYYY-MM-DD` as the instant of its midnight in UTC (for day arithmetic). */
export function toUtc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** The `YYYY-MM-DD` of an instant, in UTC. */
export function fromUtc(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `days` calendar days after `date` (before, when negative). */
export function addDays(date: string, days: number): string {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

