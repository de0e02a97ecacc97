import { freezeWindowsOf, type Config } from '../config.js';
import { readRrule, RRule } from './rrule.js';
import type { FreezeState, FreezeWindow } from './types.js';
import { instantOf, parseWallTime, wallAt } from './wall-clock.js';

/** One occurrence of a window, as instants (ms): [start, end). */
interface Occurrence {
  readonly start: number;
  readonly end: number;
}

const DAY_MS = 86_400_000;
/** How far ahead a reopening is looked for before it is said to be "not within a year". */
const HORIZON_MS = 366 * DAY_MS;

/** Whether a window covers an app in an environment: each list given must name it; no list: everywhere. */
export const appliesTo = (window: FreezeWindow, target: { app: string; environment: string }): boolean =>
  (!window.environments || window.environments.includes(target.environment)) &&
  (!window.apps || window.apps.includes(target.app));

/**
 * The occurrences of a window that overlap [from, to]. Recurrences are computed in floating wall-clock time (the
 * zone's local calendar) and only then made instants, so "Friday 18:00" stays 18:00 across DST changes, and each
 * occurrence ends `durationSeconds` of wall-clock time after its start.
 */
function occurrences(window: FreezeWindow, from: number, to: number): Occurrence[] {
  const first = parseWallTime(window.start);
  if (first === undefined) return [];
  let starts: number[] = [first];
  if (window.rrule) {
    const read = readRrule(window.rrule);
    if ('error' in read) return [];
    // Two days of slack either side cover any zone offset between the floating and the real timeline.
    const after = from - window.durationSeconds * 1000 - 2 * DAY_MS;
    const before = to + 2 * DAY_MS;
    starts = new RRule({ ...read.options, dtstart: new Date(first) })
      .between(new Date(after), new Date(before), true)
      .map((date) => date.getTime());
  }
  return starts
    .map((wall) => {
      const start = instantOf(wall, window.timeZone);
      // From the local start actually reached: a start moved out of a DST gap keeps the window's length.
      return { start, end: instantOf(wallAt(start, window.timeZone) + window.durationSeconds * 1000, window.timeZone) };
    })
    .filter((o) => o.end > from && o.start <= to);
}

const covering = (windows: readonly FreezeWindow[], at: number): Occurrence[] =>
  windows.flatMap((w) => occurrences(w, at, at)).filter((o) => o.start <= at && at < o.end);

/** The first instant ≥ `from` in no deny window and, when allow windows apply, in one of them; undefined past a year. */
function reopensAt(deny: readonly FreezeWindow[], allow: readonly FreezeWindow[], from: number): number | undefined {
  const horizon = from + HORIZON_MS;
  let at = from;
  while (at <= horizon) {
    const denied = covering(deny, at);
    if (denied.length > 0) {
      at = Math.max(...denied.map((o) => o.end));
      continue;
    }
    if (allow.length === 0 || covering(allow, at).length > 0) return at;
    const next = allow
      .flatMap((w) => occurrences(w, at, horizon))
      .map((o) => o.start)
      .filter((start) => start > at);
    if (next.length === 0) return undefined;
    at = Math.min(...next);
  }
  return undefined;
}

/**
 * Whether forward changes to `target` are frozen at `now` (ms). A deny window wins over an allow window; when allow
 * windows apply, changes go only inside one of them.
 */
export function freezeState(
  windows: readonly FreezeWindow[],
  target: { app: string; environment: string },
  now: number,
): FreezeState {
  const applicable = windows.filter((w) => appliesTo(w, target));
  const deny = applicable.filter((w) => w.kind === 'deny');
  const allow = applicable.filter((w) => w.kind === 'allow');
  const denying = deny.filter((w) => covering([w], now).length > 0);
  const outsideAllow = allow.length > 0 && covering(allow, now).length === 0;
  if (denying.length === 0 && !outsideAllow) return { frozen: false };
  const reopens = reopensAt(deny, allow, now);
  return {
    frozen: true,
    windows: (denying.length > 0 ? denying : allow).map((w) => w.name),
    reason: denying.length > 0 ? 'deny' : 'outside-allow',
    ...(reopens === undefined ? {} : { reopensAt: reopens }),
  };
}

/** The freeze windows of kanaria.yaml that cover an app (in its environment). */
export function windowsFor(config: Config, app: string): FreezeWindow[] {
  const environment = config.apps[app]?.environment;
  if (environment === undefined) return [];
  return freezeWindowsOf(config).filter((w) => appliesTo(w, { app, environment }));
}
