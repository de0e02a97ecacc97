/**
 * Local wall-clock times in an IANA zone, through Intl only. A wall time is carried as the UTC milliseconds of
 * the same calendar fields ("floating" time, as the rrule package computes recurrences).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let found = formatters.get(timeZone);
  if (!found) {
    found = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, found);
  }
  return found;
}

/** The wall time in `timeZone` at an instant (both in ms; seconds kept, milliseconds dropped). */
export function wallAt(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, Number(part.value)]),
  );
  return Date.UTC(parts['year']!, parts['month']! - 1, parts['day'], parts['hour'], parts['minute'], parts['second']);
}

const DAY_MS = 86_400_000;

/**
 * The instant of a wall time in `timeZone`. A time that does not exist (skipped by a DST change) moves forward by
 * the gap, as a clock set by hand would; a time that exists twice (the hour repeated) is the first of the two.
 */
export function instantOf(wall: number, timeZone: string): number {
  // The zone's offsets a day either side: the wall time is the instant minus one of them.
  const offsetBefore = wallAt(wall - DAY_MS, timeZone) - (wall - DAY_MS);
  const instants = [offsetBefore, wallAt(wall + DAY_MS, timeZone) - (wall + DAY_MS)]
    .map((offset) => wall - offset)
    .filter((instant) => wallAt(instant, timeZone) === wall)
    .sort((a, b) => a - b);
  return instants[0] ?? wall - offsetBefore;
}

/** `YYYY-MM-DDTHH:MM` as a wall time; undefined when it is not one (or not a real date, such as 02-30). */
export function parseWallTime(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const back = new Date(wall);
  return back.getUTCFullYear() === year &&
    back.getUTCMonth() === month - 1 &&
    back.getUTCDate() === day &&
    back.getUTCHours() === hour &&
    back.getUTCMinutes() === minute
    ? wall
    : undefined;
}
