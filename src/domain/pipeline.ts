import type { Config } from './config.js';
import { stagesOf, type Stage } from './pipeline-config.js';
import { policyFor } from './policy.js';

/*
 * Pipelines (issue 15): which stage a promotion copies from and to, decided from kanaria.yaml alone. Pure: the
 * source stage's state (Synced/Healthy, canary) is checked by the job that reads it.
 */

export type { Stage };

export interface Pipeline {
  readonly name: string;
  readonly stages: readonly Stage[];
  readonly autoDeploy: boolean;
}

export function pipelineNamed(config: Config, name: string): Pipeline | undefined {
  const found = config.pipelines?.[name];
  return found && { name, stages: stagesOf(config, found), autoDeploy: found.autoDeploy };
}

/** The pipeline an app is a stage of, if any (an app is in one pipeline at most). */
export function pipelineOf(config: Config, app: string): Pipeline | undefined {
  for (const name of Object.keys(config.pipelines ?? {})) {
    const pipeline = pipelineNamed(config, name);
    if (pipeline?.stages.some((stage) => stage.app === app)) return pipeline;
  }
  return undefined;
}

/** A stage by what people type: its name (the environment, by default) or its app. */
export const findStage = (pipeline: Pipeline, typed: string): Stage | undefined =>
  pipeline.stages.find((stage) => stage.name === typed) ?? pipeline.stages.find((stage) => stage.app === typed);

/** Why a promotion cannot be planned; the facts name what to type instead. */
export type PromotionProblem =
  | { readonly kind: 'unknown-pipeline'; readonly typed: string }
  | {
      readonly kind: 'unknown-stage';
      readonly pipeline: string;
      readonly typed: string;
      readonly stages: readonly string[];
    }
  | { readonly kind: 'first-stage'; readonly pipeline: string; readonly to: string }
  | { readonly kind: 'not-forward'; readonly pipeline: string; readonly from: string; readonly to: string }
  | {
      readonly kind: 'skips';
      readonly pipeline: string;
      readonly from: string;
      readonly to: string;
      readonly skipped: readonly string[];
      /** The policy that would allow it: `policies.<env>.skipStages`. */
      readonly rule: string;
    };

export type PromotionPlan =
  | { readonly ok: true; readonly pipeline: Pipeline; readonly from: Stage; readonly to: Stage }
  | { readonly ok: false; readonly problem: PromotionProblem };

/**
 * `/promote <pipeline|app> [<from>] <to>`: `target` names the pipeline or one of its apps; without `from` the
 * release comes from the stage before `to`. Skipping stages needs `policies.<to's environment>.skipStages`.
 */
export function planPromotion(config: Config, request: { target: string; from?: string; to: string }): PromotionPlan {
  const pipeline = pipelineNamed(config, request.target) ?? pipelineOf(config, request.target);
  if (!pipeline) return { ok: false, problem: { kind: 'unknown-pipeline', typed: request.target } };
  const unknown = (typed: string): PromotionPlan => ({
    ok: false,
    problem: { kind: 'unknown-stage', pipeline: pipeline.name, typed, stages: pipeline.stages.map((s) => s.name) },
  });
  const to = findStage(pipeline, request.to);
  if (!to) return unknown(request.to);
  if (request.from === undefined && to.index === 0)
    return { ok: false, problem: { kind: 'first-stage', pipeline: pipeline.name, to: to.name } };
  const from = request.from === undefined ? pipeline.stages[to.index - 1] : findStage(pipeline, request.from);
  if (!from) return unknown(request.from ?? '');
  if (from.index >= to.index)
    return { ok: false, problem: { kind: 'not-forward', pipeline: pipeline.name, from: from.name, to: to.name } };
  if (from.index < to.index - 1) {
    const policy = policyFor(config, to.environment);
    if (!policy?.policy.skipStages)
      return {
        ok: false,
        problem: {
          kind: 'skips',
          pipeline: pipeline.name,
          from: from.name,
          to: to.name,
          skipped: pipeline.stages.slice(from.index + 1, to.index).map((s) => s.name),
          rule: `policies.${policy?.name ?? to.environment}.skipStages`,
        },
      };
  }
  return { ok: true, pipeline, from, to };
}
