/** Today in Europe/Berlin as YYYY-MM-DD: deadlines and effective dates are dates there, not times. */
export function berlinToday(now = new Date()): string {
  return now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
}

/** Minutes Europe/Berlin is ahead of UTC at `instant` (60 in winter, 120 in summer). */
function berlinOffsetMinutes(instant: Date): number {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute);
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * A wall-clock time in Europe/Berlin ("2026-12-03T10:00") as an instant. In the hour skipped in spring the
 * time after the gap is meant; in the hour repeated in autumn, the later one (standard time).
 */
export function berlinLocalToUtc(local: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) throw new RangeError(`not a local date-time (YYYY-MM-DDTHH:mm): ${local}`);
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let guess = wall - berlinOffsetMinutes(new Date(wall)) * 60_000;
  guess = wall - berlinOffsetMinutes(new Date(guess)) * 60_000;
  return new Date(guess);
}
