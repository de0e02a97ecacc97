import { redactCredentials } from './redact.js';

/*
 * What git's own words say about a failure. Lines starting with `remote:` are the remote's voice: they never
 * mean that our working copy is broken.
 */

const PUSH_RACE: readonly RegExp[] = [
  /\[rejected\]/,
  /non-fast-forward/,
  /fetch first/,
  // Another push held the ref's lock on the remote, or moved it between the check and the update.
  /\[remote rejected\][^\n]*\((?:[^)\n]*\block\b[^)\n]*|failed to update ref|stale info|incorrect old value provided)\)/,
  /^remote: error: (?:cannot lock ref|failed to update ref|failed to lock)/m,
];

/** A push refused because the branch moved or another push held its lock: replay on the new head and push again. */
export const isPushRace = (message: string): boolean => PUSH_RACE.some((pattern) => pattern.test(message));

const BROKEN: readonly RegExp[] = [
  /(?<!appear to be a )not a git repository/, // `.git` without objects/ or HEAD (a killed init)
  /Unable to create '[^']*\.lock': File exists/, // a lock left by a killed git
  /could not lock config file/,
  /object file \S+ is empty/,
  /loose object \S+ .*is corrupt/,
  /packed object \S+ .*is corrupt/,
  /packfile \S+ does not match index/,
  /unable to read tree/,
  /bad tree object/,
  /invalid sha1 pointer/,
  /bad object [0-9a-f]{7,}/,
  /missing (?:blob|tree|commit) [0-9a-f]{40}/,
  /broken link from/,
  /(?:bad|corrupt) index file|index file (?:smaller than expected|corrupt)/,
  /bad config line \d+ in file \.git\/config/,
];

/** Whether a failure says the local working copy is damaged (so it should be re-cloned), not the remote or the request. */
export const isBrokenWorkingCopy = (message: string): boolean =>
  message.split('\n').some((line) => !/^remote:/.test(line) && BROKEN.some((pattern) => pattern.test(line)));

/** The line of a git failure worth showing: the first that says what went wrong. */
export const gitFailureLine = (message: string): string =>
  (
    message
      .split('\n')
      .find((line) => /fatal|error|denied|refused|could not|unable|corrupt|missing|broken/i.test(line)) ??
    message.split('\n')[0] ??
    ''
  ).trim();

/** A git failure as Kanaria shows it (to people and logs): its telling line, credentials cut out. */
export const shownGitFailure = (message: string): string => redactCredentials(gitFailureLine(message));
