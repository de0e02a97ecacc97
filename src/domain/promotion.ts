import type { ApplicationState } from './argocd.js';
import { Refusal } from './errors.js';
import { formatImageRef, parseImageRef, type ImageRef } from './image-ref.js';
import { isPaused, isUpdating, type RolloutState } from './rollout.js';
import { escape } from './quote.js';

/*
 * A promotion copies what runs in one stage into the next (issue 15). Pure: the job reads the source stage's
 * manifest, last commit, Argo CD Application and Rollout, and these decide whether it may be copied, and how.
 */

/** Why the source stage cannot be promoted from now: `promote.refused.<why>` with its facts. */
export class PromotionRefused extends Refusal {
  override readonly name = 'PromotionRefused';
  constructor(
    readonly why: SourceProblem['why'] | 'unpinned',
    params: Record<string, unknown>,
  ) {
    super(`promote.refused.${why}`, params);
  }
}

/**
 * The image reference the source stage's manifest holds, exactly as written there: a digest kept byte for byte
 * when present, else the tag. A reference without either names no release, so it is refused.
 */
export function promotedImage(stage: string, written: string): { ref: ImageRef; text: string } {
  const ref = parseImageRef(written);
  if (ref.tag === undefined && ref.digest === undefined)
    throw new PromotionRefused('unpinned', { stage, image: written });
  return { ref, text: formatImageRef(ref) };
}

/** What is known of the source stage when it is checked: each part only when it can be read. */
export interface SourceFacts {
  readonly stage: string;
  /** The last commit that touched the stage's files. */
  readonly lastCommit?: string;
  readonly application?: {
    readonly name: string;
    readonly state: ApplicationState;
    /** Whether Argo CD's revision contains `lastCommit`. */
    readonly containsLastCommit: boolean;
  };
  readonly rollout?: RolloutState;
}

/** What is wrong with the source stage, as facts for the refusal. */
export type SourceProblem =
  | { readonly why: 'outOfSync'; readonly stage: string; readonly application: string; readonly sync: string }
  | {
      readonly why: 'unhealthy';
      readonly stage: string;
      readonly application: string;
      readonly health: string;
      readonly reason: string;
    }
  | {
      readonly why: 'behind';
      readonly stage: string;
      readonly application: string;
      readonly revision: string;
      readonly commit: string;
    }
  | { readonly why: 'aborted'; readonly stage: string; readonly rollout: string }
  | {
      readonly why: 'midCanary';
      readonly stage: string;
      readonly rollout: string;
      readonly step: number;
      readonly steps: number;
    }
  | { readonly why: 'paused'; readonly stage: string; readonly rollout: string };

/**
 * Whether the source stage runs what its manifest says, settled: Argo CD Synced and Healthy at a revision holding
 * the stage's last commit, and its canary (if any) fully promoted. The first problem found, or undefined.
 */
export function sourceProblem(facts: SourceFacts): SourceProblem | undefined {
  const { stage, application, rollout } = facts;
  if (application) {
    const { name, state } = application;
    if (state.sync !== 'Synced') return { why: 'outOfSync', stage, application: name, sync: state.sync };
    if (state.health !== 'Healthy')
      return {
        why: 'unhealthy',
        stage,
        application: name,
        health: state.health,
        reason: escape(state.healthMessage ?? ''),
      };
    if (facts.lastCommit !== undefined && !application.containsLastCommit)
      return {
        why: 'behind',
        stage,
        application: name,
        revision: (state.revision ?? '').slice(0, 7) || '?',
        commit: facts.lastCommit.slice(0, 7),
      };
  }
  if (rollout) {
    const name = `${rollout.namespace}/${rollout.name}`;
    if (rollout.aborted) return { why: 'aborted', stage, rollout: name };
    if (isUpdating(rollout))
      return {
        why: 'midCanary',
        stage,
        rollout: name,
        step: Math.min((rollout.currentStepIndex ?? 0) + 1, rollout.steps.length),
        steps: rollout.steps.length,
      };
    if (isPaused(rollout)) return { why: 'paused', stage, rollout: name };
  }
  return undefined;
}

/** `promote(llm-api-prod): staging → prod ghcr.io/acme/llm-api@sha256:…` */
export const promotionSubject = (app: string, from: string, to: string, image: string): string =>
  `promote(${app}): ${from} → ${to} ${image}`;

/** The `Promoted-From:` trailer's value: the source stage and its last commit. */
export const promotedFrom = (stage: string, commit: string | undefined): string =>
  commit ? `${stage} ${commit}` : stage;
