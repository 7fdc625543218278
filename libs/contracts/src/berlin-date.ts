/** Today in Europe/Berlin as YYYY-MM-DD: deadlines and effective dates are dates there, not times. */
export function berlinToday(now = new Date()): string {
  return now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
}
