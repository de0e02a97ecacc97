/**
 * Argo Rollouts canaries as Kanaria reads and steers them: the state a card shows, the buttons that fit
 * it, and the exact patches `kubectl argo rollouts` sends (pkg/kubectl-argo-rollouts/cmd/promote/promote.go,
 * abort/abort.go and retry/retry.go in argoproj/argo-rollouts).
 */
import { obj, list, str, num, type Json } from './json.js';
import { rolloutPhase, type RolloutPhase } from './rollout-phase.js';

export type RolloutAction = 'promote' | 'promote-full' | 'abort' | 'retry';

export interface StepView {
  /** What the step does, as people say it: `setWeight 20`, `pause`, `pause 30s`, `analysis`. */
  readonly text: string;
  readonly kind: 'setWeight' | 'pause' | 'analysis' | 'experiment' | 'other';
  readonly weight?: number;
}

export interface RolloutState {
  readonly name: string;
  readonly namespace: string;
  /** `rollout.argoproj.io/revision`: changes with every new pod template. */
  readonly revision?: string;
  /** As `kubectl argo rollouts get` shows it: status.phase, else computed from the conditions (see rollout-phase.ts). */
  readonly phase: RolloutPhase;
  readonly message?: string;
  /** The phase is the plugin's placeholder while the controller catches up (a spec or an unpause not yet observed). */
  readonly phasePending: boolean;
  readonly strategy: 'canary' | 'blueGreen' | 'unknown';
  readonly steps: readonly StepView[];
  readonly currentStepIndex?: number;
  readonly specPaused: boolean;
  readonly pauseReasons: readonly string[];
  /** When the current pause began (the earliest pause condition). */
  readonly pausedSince?: string;
  readonly controllerPause: boolean;
  readonly aborted: boolean;
  /** The current step's AnalysisRun came back Inconclusive. */
  readonly inconclusive: boolean;
  readonly analysisRun?: { readonly name: string; readonly status: string; readonly message?: string };
  readonly stableRS?: string;
  readonly currentPodHash?: string;
  /** Traffic weights: as the traffic router reports them (status.canary.weights), else the last setWeight step reached. */
  readonly weight?: Weight;
  readonly image?: string;
  readonly replicas?: number;
}

export interface Weight {
  readonly canary: number;
  /** Read from the router's report, which need not add up to 100; the rest of a setWeight step. */
  readonly stable?: number;
  /** Experiments' share (status.canary.weights.additional), when the router reports any. */
  readonly additional?: number;
  readonly source: 'traffic' | 'step';
}

/** A canary step in words. */
export function describeStep(step: unknown): StepView {
  const s = obj(step);
  if (num(s['setWeight']) !== undefined)
    return { kind: 'setWeight', text: `setWeight ${num(s['setWeight'])}`, weight: num(s['setWeight']) as number };
  if ('pause' in s) {
    const duration = obj(s['pause'])['duration'];
    const text =
      duration === undefined ? 'pause' : `pause ${typeof duration === 'number' ? `${duration}s` : String(duration)}`;
    return { kind: 'pause', text };
  }
  if ('analysis' in s) return { kind: 'analysis', text: 'analysis' };
  if ('experiment' in s) return { kind: 'experiment', text: 'experiment' };
  return { kind: 'other', text: Object.keys(s)[0] ?? 'step' };
}

/** Reads a Rollout object (as the API returns it). */
export function rolloutState(rollout: unknown): RolloutState {
  const r = obj(rollout);
  const metadata = obj(r['metadata']);
  const spec = obj(r['spec']);
  const status = obj(r['status']);
  const strategy = obj(spec['strategy']);
  const canary = obj(strategy['canary']);
  const steps = list(canary['steps']).map(describeStep);
  const currentStepIndex = num(status['currentStepIndex']);
  const { phase, message, pending } = rolloutPhase(rollout);
  const pauseConditions = list(status['pauseConditions']);
  const analysis = obj(obj(status['canary'])['currentStepAnalysisRunStatus']);
  const weights = obj(obj(status['canary'])['weights']);
  const reachedWeights = steps.slice(0, (currentStepIndex ?? 0) + 1).filter((s) => s.weight !== undefined);
  // As replicasetutil.GetCurrentSetWeight: an aborted canary is back at 0, a finished one at 100.
  const stepWeight =
    status['abort'] === true
      ? 0
      : currentStepIndex !== undefined && currentStepIndex >= steps.length && steps.length > 0
        ? 100
        : reachedWeights.at(-1)?.weight;
  const trafficWeight = num(obj(weights['canary'])['weight']);
  const containers = list(obj(obj(spec['template'])['spec'])['containers']);
  const pausedSince = pauseConditions
    .map((p) => str(p['startTime']))
    .filter((t): t is string => t !== undefined)
    .sort()[0];
  const revision = str(obj(metadata['annotations'])['rollout.argoproj.io/revision']);
  // The controller's own message, or the condition the plugin derives it from, tells an abort the flag may no longer show.
  const abortedSaid = [str(status['message']), ...list(status['conditions']).map((c) => str(c['reason']))].some(
    (text) => text?.startsWith('RolloutAborted'),
  );
  const weight: Weight | undefined =
    trafficWeight !== undefined
      ? trafficWeights(weights, trafficWeight)
      : stepWeight !== undefined
        ? { canary: stepWeight, stable: 100 - stepWeight, source: 'step' }
        : undefined;
  const replicas = num(spec['replicas']);
  return {
    name: str(metadata['name']) ?? '?',
    namespace: str(metadata['namespace']) ?? 'default',
    ...(revision && { revision }),
    phase,
    ...(message && { message }),
    phasePending: pending,
    strategy:
      Object.keys(canary).length > 0 || 'canary' in strategy
        ? 'canary'
        : 'blueGreen' in strategy
          ? 'blueGreen'
          : 'unknown',
    steps,
    ...(currentStepIndex !== undefined && { currentStepIndex }),
    specPaused: spec['paused'] === true,
    pauseReasons: pauseConditions.map((p) => str(p['reason']) ?? 'Unknown'),
    ...(pausedSince && { pausedSince }),
    controllerPause: status['controllerPause'] === true,
    aborted: status['abort'] === true || abortedSaid,
    inconclusive: str(analysis['status']) === 'Inconclusive',
    ...(str(analysis['name']) && {
      analysisRun: {
        name: str(analysis['name']) as string,
        status: str(analysis['status']) ?? 'Unknown',
        ...(str(analysis['message']) && { message: str(analysis['message']) }),
      },
    }),
    ...(str(status['stableRS']) && { stableRS: str(status['stableRS']) }),
    ...(str(status['currentPodHash']) && { currentPodHash: str(status['currentPodHash']) }),
    ...(weight && { weight }),
    ...(str(containers[0]?.['image']) && { image: str(containers[0]?.['image']) }),
    ...(replicas !== undefined && { replicas }),
  };
}

/** What the traffic router reports: each side as written, never one computed from the other. */
function trafficWeights(weights: Json, canary: number): Weight {
  const stable = num(obj(weights['stable'])['weight']);
  const additional = list(weights['additional']).map((w) => num(w['weight']) ?? 0);
  return {
    canary,
    ...(stable !== undefined && { stable }),
    ...(additional.length > 0 && { additional: additional.reduce((a, b) => a + b, 0) }),
    source: 'traffic',
  };
}

/** Paused for a person: by a pause step, a blue-green pre-promotion, an inconclusive analysis, or by hand. */
export const isPaused = (state: RolloutState): boolean =>
  state.specPaused || state.pauseReasons.length > 0 || state.controllerPause;

/** A new version is rolling out (the canary's pods are not yet the stable ones). */
export const isUpdating = (state: RolloutState): boolean =>
  state.currentPodHash !== undefined && state.currentPodHash !== state.stableRS;

/** Degraded and not aborted: the progress deadline passed, or the spec is invalid. */
export const isDegraded = (state: RolloutState): boolean => !state.aborted && state.phase === 'Degraded';

/**
 * The buttons that do something in this state, in the order a card shows them. A Degraded rollout gets
 * Abort only, while a new version is out: promoting would send more traffic to pods that do not come up,
 * and Retry (retry.go: `status.abort` false) does nothing to a rollout that was never aborted. Abort sends
 * traffic back to stable, and the card then offers Retry.
 */
export function availableActions(state: RolloutState): RolloutAction[] {
  if (state.aborted) return ['retry'];
  if (isDegraded(state)) return isUpdating(state) ? ['abort'] : [];
  if (!isUpdating(state) && !isPaused(state)) return [];
  const actions: RolloutAction[] = [];
  // promote.go: promoting mid-step moves past a running analysis or experiment.
  const stepKind = state.strategy === 'canary' ? state.steps[state.currentStepIndex ?? 0]?.kind : undefined;
  const waitingOnAnalysis = stepKind === 'analysis' || stepKind === 'experiment';
  if (isPaused(state) || waitingOnAnalysis) actions.push('promote');
  if (isUpdating(state)) actions.push('promote-full', 'abort');
  return actions;
}

/**
 * The patches of one action. `status` goes to the status subresource; when that answers NotFound (a
 * cluster whose CRD has no status subresource) `unified` is sent to the main object instead of `spec`
 * (promote.go PromoteRollout). Order as the plugin: status first, then spec.
 */
export interface RolloutPatches {
  readonly status?: Json;
  readonly spec?: Json;
  readonly unified?: Json;
}

/** promote.go getPatches, default case: clear pause conditions, or move past the current step (never both). */
export function promotePatches(state: RolloutState): RolloutPatches {
  const spec = state.specPaused ? { spec: { spec: { paused: false } } } : {};
  const unified = { spec: { paused: false }, status: { pauseConditions: null } };
  const next = nextStepIndex(state);
  if (state.inconclusive && state.pauseReasons.length > 0 && state.controllerPause && next !== undefined) {
    return {
      ...spec,
      status: { status: { pauseConditions: null, controllerPause: false, currentStepIndex: next } },
      unified,
    };
  }
  if (state.pauseReasons.length > 0) return { ...spec, status: { status: { pauseConditions: null } }, unified };
  if (state.strategy === 'canary' && next !== undefined) {
    return {
      ...spec,
      status: { status: { pauseConditions: null, currentStepIndex: next } },
      unified: { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: next } },
    };
  }
  return { ...spec, unified };
}

/** promote.go, `--full`: only when the new version is not already the stable one. */
export function promoteFullPatches(state: RolloutState): RolloutPatches {
  return isUpdating(state) ? { status: { status: { promoteFull: true } } } : {};
}

/** abort.go and retry.go: the status subresource, else the main object. */
export const abortPatches = (): RolloutPatches => ({
  status: { status: { abort: true } },
  unified: { status: { abort: true } },
});
export const retryPatches = (): RolloutPatches => ({
  status: { status: { abort: false } },
  unified: { status: { abort: false } },
});

export function patchesFor(action: RolloutAction, state: RolloutState): RolloutPatches {
  switch (action) {
    case 'promote':
      return promotePatches(state);
    case 'promote-full':
      return promoteFullPatches(state);
    case 'abort':
      return abortPatches();
    case 'retry':
      return retryPatches();
  }
}

/** replicasetutil.GetCurrentCanaryStep, plus one (not past the last step); undefined without steps. */
function nextStepIndex(state: RolloutState): number | undefined {
  if (state.strategy !== 'canary' || state.steps.length === 0) return undefined;
  const index = state.currentStepIndex ?? 0;
  return index < state.steps.length ? index + 1 : index;
}

/** Which version is rolling out: the revision annotation, else the pod template hash. */
export const rolloutRevision = (state: RolloutState): string => state.revision ?? state.currentPodHash ?? 'new';

/** Where the rollout stands, for deduplicating presses and refusing stale cards: revision and step. */
export const rolloutPosition = (state: RolloutState): string =>
  `${rolloutRevision(state)}/${state.currentStepIndex ?? '-'}${state.aborted ? '/aborted' : ''}`;

/** What rolloutPosition writes: `<revision>/<step>[/aborted]`. */
export const POSITION = /^[\w.-]+\/[\w-]+(\/aborted)?$/;

/** The revision part of a position (see rolloutPosition). */
export const positionRevision = (position: string): string => position.split('/')[0] as string;

/** Waiting for a person: a pause step without a duration, a blue-green pre-promotion, an inconclusive run, or paused by hand. */
export function isWaitingForPerson(state: RolloutState): boolean {
  // A failing rollout is alerted on, not offered for promotion.
  if (state.aborted || isDegraded(state)) return false;
  if (state.specPaused) return true;
  const step = state.strategy === 'canary' ? state.steps[state.currentStepIndex ?? 0] : undefined;
  return state.pauseReasons.some(
    (reason) =>
      reason === 'BlueGreenPause' ||
      reason.startsWith('Inconclusive') ||
      (reason === 'CanaryPauseStep' && step?.text === 'pause'),
  );
}

export type RolloutNotice = 'paused' | 'aborted' | 'degraded' | 'healthy' | 'moved';

/** What a Rollout watcher remembers between events. */
export interface RolloutMemory {
  readonly position: string;
  readonly waiting: boolean;
  readonly aborted: boolean;
  readonly degraded: boolean;
  readonly updating: boolean;
  /** Aborted or Degraded, and not Healthy since. */
  readonly troubled: boolean;
}

/**
 * What a Rollout's new state is worth telling: it waits for a person (post the card), aborted or
 * Degraded (alert), Healthy after an update or after trouble (a final line), or merely moved (update the
 * card). The first sight is never news. Pure, so every replica reaches the same notices.
 */
export function observeRollout(
  previous: RolloutMemory | undefined,
  state: RolloutState,
): { memory: RolloutMemory; notice?: RolloutNotice } {
  // The plugin's placeholder while the controller catches up says nothing new: keep what was known.
  const degraded = !state.aborted && (state.phasePending ? (previous?.degraded ?? false) : state.phase === 'Degraded');
  const healthy = !state.phasePending && state.phase === 'Healthy' && !isUpdating(state);
  const memory: RolloutMemory = {
    position: rolloutPosition(state),
    waiting: isWaitingForPerson(state),
    aborted: state.aborted,
    degraded,
    // An update is over when the rollout is Healthy, not when the pods turn stable (old ones may still drain).
    updating: isUpdating(state) || (!healthy && (previous?.updating ?? false)),
    troubled: state.aborted || degraded ? true : healthy ? false : (previous?.troubled ?? false),
  };
  if (!previous) return { memory };
  if (memory.aborted && !previous.aborted) return { memory, notice: 'aborted' };
  if (degraded && !previous.degraded) return { memory, notice: 'degraded' };
  if (memory.waiting && (!previous.waiting || previous.position !== memory.position))
    return { memory, notice: 'paused' };
  if (healthy && (previous.troubled || previous.updating)) return { memory, notice: 'healthy' };
  if (memory.position !== previous.position) return { memory, notice: 'moved' };
  return { memory };
}

/**
 * What keeps a notice to one post, whichever replica sees it first: a Degraded alert is one per revision
 * (failing pods change the object again and again, and a replica that missed the transition sees it at
 * another resourceVersion); every other notice is one per change of the object.
 */
export const noticeOnceKey = (notice: RolloutNotice, state: RolloutState, resourceVersion: string): string =>
  notice === 'degraded' ? `revision-${rolloutRevision(state)}` : resourceVersion;
