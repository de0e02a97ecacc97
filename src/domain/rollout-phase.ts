/**
 * A Rollout's phase and message as `kubectl argo rollouts get` shows them: a port of GetRolloutPhase and
 * CalculateRolloutPhase (utils/rollout/rolloututil.go in argoproj/argo-rollouts), rule for rule and in the
 * same order. Controllers since v1.0 write `status.phase`; older ones (and the Argo project's own captured
 * objects) leave it out, and the phase is computed from the conditions, the pauses and the replica counts.
 */
import { obj, list, str, num, type Json } from './json.js';

export type RolloutPhase = 'Healthy' | 'Degraded' | 'Progressing' | 'Paused' | (string & {});

export interface PhaseView {
  readonly phase: RolloutPhase;
  /** The plugin's message: the controller's, a condition's (`ProgressDeadlineExceeded: …`), or why it is Progressing. */
  readonly message?: string;
  /**
   * The controller has not caught up with the latest spec or an unpause yet: the phase is the plugin's
   * placeholder ("Progressing", "waiting for …") and says nothing about how the rollout is doing.
   */
  readonly pending: boolean;
}

/** conditions.go: the reasons CalculateRolloutPhase turns into Degraded. */
const DEGRADED_REASONS = new Set(['RolloutAborted', 'ProgressDeadlineExceeded']);
/** AnalysisPhase.Completed() in analysis_types.go. */
const COMPLETED_ANALYSIS = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);
/** defaults.DefaultReplicas. */
const DEFAULT_REPLICAS = 1;

/**
 * GetRolloutPhase. Its third rule (a template resolved from `workloadRef` whose generation is not yet
 * observed) never applies to an object read from the API: `TemplateResolvedFromRef` is `json:"-"`, set
 * only inside the controller, so the plugin never sees it either.
 */
export function rolloutPhase(rollout: unknown): PhaseView {
  const r = obj(rollout);
  const spec = obj(r['spec']);
  const status = obj(r['status']);
  if (!isGenerationObserved(num(obj(r['metadata'])['generation']) ?? 0, status['observedGeneration'])) {
    return { phase: 'Progressing', message: 'waiting for rollout spec update to be observed', pending: true };
  }
  // IsUnpausing: someone cleared the pause conditions; the controller has not reacted yet.
  if (status['controllerPause'] === true && list(status['pauseConditions']).length === 0) {
    return { phase: 'Progressing', message: 'waiting for rollout to unpause', pending: true };
  }
  const phase = str(status['phase']);
  if (phase) return { phase, ...(str(status['message']) && { message: str(status['message']) }), pending: false };
  return { ...calculateRolloutPhase(spec, status), pending: false };
}

/**
 * isGenerationObserved: `status.observedGeneration` is a string; one that is not a whole number (a v0.9
 * spec hash), or is ahead of `metadata.generation` (a numeric-looking hash), counts as observed.
 */
function isGenerationObserved(generation: number, observedGeneration: unknown): boolean {
  const text = typeof observedGeneration === 'number' ? String(observedGeneration) : observedGeneration;
  if (typeof text !== 'string' || !/^[+-]?\d+$/.test(text)) return true;
  return Number(text) >= generation;
}

/** CalculateRolloutPhase, for a status without `phase`. */
function calculateRolloutPhase(spec: Json, status: Json): { phase: RolloutPhase; message?: string } {
  for (const condition of list(status['conditions'])) {
    const message = str(condition['message']) ?? '';
    if (condition['type'] === 'InvalidSpec') return { phase: 'Degraded', message: `InvalidSpec: ${message}` };
    const reason = str(condition['reason']);
    if (reason && DEGRADED_REASONS.has(reason)) return { phase: 'Degraded', message: `${reason}: ${message}` };
  }
  if (spec['paused'] === true) return { phase: 'Paused', message: 'manually paused' };
  const [pause] = list(status['pauseConditions']);
  if (pause) return { phase: 'Paused', ...(str(pause['reason']) && { message: str(pause['reason']) }) };
  const restartAt = str(spec['restartAt']);
  const restartedAt = str(status['restartedAt']);
  if (restartAt && (!restartedAt || Date.parse(restartAt) !== Date.parse(restartedAt)))
    return progressing('rollout is restarting');
  const updated = num(status['updatedReplicas']) ?? 0;
  const available = num(status['availableReplicas']) ?? 0;
  if (updated < (num(spec['replicas']) ?? DEFAULT_REPLICAS)) return progressing('more replicas need to be updated');
  if (available < updated) return progressing('updated replicas are still becoming available');
  const strategy = obj(spec['strategy']);
  const currentPodHash = str(status['currentPodHash']);
  const stableRS = str(status['stableRS']);
  const fullyPromoted = stableRS !== undefined && stableRS === currentPodHash;
  if (strategy['blueGreen'] != null) {
    const blueGreen = obj(status['blueGreen']);
    const activeSelector = str(blueGreen['activeSelector']);
    if (!activeSelector || activeSelector !== currentPodHash) return progressing('active service cutover pending');
    if (!fullyPromoted) {
      const analysis = obj(blueGreen['postPromotionAnalysisRunStatus']);
      const waitingForAnalysis =
        obj(strategy['blueGreen'])['postPromotionAnalysis'] != null &&
        !COMPLETED_ANALYSIS.has(str(analysis['status']) ?? '');
      return progressing(
        waitingForAnalysis ? 'waiting for analysis to complete' : 'waiting for post-promotion verification to complete',
      );
    }
  } else if (strategy['canary'] != null) {
    // Only a basic canary: blue-green and traffic routing keep old replicas on purpose (scaleDownDelay).
    if (obj(strategy['canary'])['trafficRouting'] == null && (num(status['replicas']) ?? 0) > updated)
      return progressing('old replicas are pending termination');
    if (!fullyPromoted) return progressing('waiting for all steps to complete');
  }
  return { phase: 'Healthy' };
}

const progressing = (message: string) => ({ phase: 'Progressing', message }) as const;
