/**
 * Moves of a Rollout made outside Kanaria (the Argo UI, `kubectl argo rollouts promote|abort`): told apart
 * from the controller's own steps and from Kanaria's presses. Pure, so every replica reaches the same answer.
 */
import { TRAILER, type CommitInfo } from './commits.js';
import { appFiles, type Config } from './config.js';
import {
  isWaitingForPerson,
  positionRevision,
  rolloutRevision,
  type RolloutMemory,
  type RolloutState,
} from './rollout.js';

/** A person's move of a canary: promoted (to a 1-based step, or fully) or aborted, from a position. */
export type RolloutMove =
  | { readonly kind: 'promoted'; readonly from: string; readonly step: number; readonly steps: number }
  | { readonly kind: 'aborted'; readonly from: string };

/** An analysis that failed aborts the canary itself: the controller's doing, not a person's. */
const FAILED_ANALYSIS = new Set(['Failed', 'Error']);

/**
 * What a person did, seen from the watch: a canary that waited for a person and moved on in the same revision
 * (its pause cleared, or moved past) was promoted: the controller never leaves such a pause by itself; a canary newly aborted, and not by a failed
 * analysis, was aborted. Who did it is for `explainedBy` to say.
 */
export function personMove(previous: RolloutMemory | undefined, state: RolloutState): RolloutMove | undefined {
  if (!previous || state.strategy !== 'canary') return undefined;
  const from = previous.position;
  if (positionRevision(from) !== rolloutRevision(state)) return undefined;
  if (state.aborted && !previous.aborted) {
    return FAILED_ANALYSIS.has(state.analysisRun?.status ?? '') ? undefined : { kind: 'aborted', from };
  }
  if (!previous.waiting || state.aborted || previous.aborted) return undefined;
  const parsed = Number(from.split('/')[1]);
  const before = Number.isNaN(parsed) ? 0 : parsed;
  const index = state.currentStepIndex ?? 0;
  // promote.go clears the pause (the controller then moves on to the next step) or moves past the step itself.
  if (index === before && isWaitingForPerson(state)) return undefined;
  if (index < before) return undefined;
  const steps = state.steps.length;
  const next = index > before ? index : before + 1;
  return { kind: 'promoted', from, step: Math.min(next + 1, steps), steps };
}

/** Kanaria's own presses (a button, autopilot, a rollback's abort) each record the position they moved from. */
export const explainedBy = (move: RolloutMove, pressedFrom: readonly (string | undefined)[]): boolean =>
  pressedFrom.includes(move.from);

/** Once per app, revision and step (or abort), whichever replica sees it first. */
export const moveOnceKey = (app: string, move: RolloutMove): string =>
  `${app}:${positionRevision(move.from)}:${move.kind === 'aborted' ? 'aborted' : `step-${move.step}`}`;

/**
 * The apps whose files a commit changed, when someone other than Kanaria made it (Kanaria's commits carry a
 * `Kanaria-Request:` trailer); none for Kanaria's own.
 */
export function outsideCommitApps(
  config: Config,
  commit: Pick<CommitInfo, 'trailers'>,
  files: readonly string[],
): string[] {
  if (commit.trailers[TRAILER.request] !== undefined) return [];
  const changed = new Set(files);
  return Object.entries(config.apps)
    .filter(([, app]) => appFiles(app).some((file) => changed.has(file)))
    .map(([name]) => name);
}
