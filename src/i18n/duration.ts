export type DurationUnit = 'day' | 'hour' | 'minute' | 'second';

const UNITS: readonly (readonly [DurationUnit, number])[] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

/**
 * A duration as the two largest whole units that are not zero, adjacent ones only: nobody reads
 * "3 d 4 h 12 min 9 s" in a chat, and "1 day 9 s" misleads. Zero is `0 second`.
 */
export function durationParts(seconds: number): { unit: DurationUnit; count: number }[] {
  let rest = Math.max(0, Math.round(seconds));
  const parts: { unit: DurationUnit; count: number }[] = [];
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (parts.length > 0) {
      if (count > 0) parts.push({ unit, count });
      break;
    }
    if (count > 0) parts.push({ unit, count });
  }
  return parts.length > 0 ? parts : [{ unit: 'second', count: 0 }];
}
