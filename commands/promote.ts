import { enqueueChangeOrDryRun, requireApp, requirePermission, type CommandDef } from '../src/dispatch/index.js';
import type { Config } from '../src/domain/config.js';
import { Refusal } from '../src/domain/errors.js';
import { planPromotion, type PromotionProblem } from '../src/domain/pipeline.js';
import type { PromoteChange } from '../src/queues/gitops.js';

/** A promotion kanaria.yaml does not allow: `promote.plan.<kind>`, naming what to type instead. */
export class PromotionNotPlanned extends Refusal {
  override readonly name = 'PromotionNotPlanned';
}

function refusalOf(config: Config, problem: PromotionProblem): PromotionNotPlanned {
  switch (problem.kind) {
    case 'unknown-pipeline': {
      const pipelines = Object.keys(config.pipelines ?? {});
      return pipelines.length === 0
        ? new PromotionNotPlanned('promote.plan.noPipelines', { typed: problem.typed })
        : new PromotionNotPlanned('promote.plan.unknownPipeline', { typed: problem.typed, pipelines });
    }
    case 'unknown-stage':
      return new PromotionNotPlanned('promote.plan.unknownStage', problem);
    case 'first-stage':
      return new PromotionNotPlanned('promote.plan.firstStage', problem);
    case 'not-forward':
      return new PromotionNotPlanned('promote.plan.notForward', problem);
    case 'skips':
      return new PromotionNotPlanned('promote.plan.skips', { ...problem, next: problem.skipped[0] });
  }
}

/**
 * `/promote <pipeline|app> [<from>] <to>`: copies the image `<from>` runs (the stage before `<to>` by default) into
 * `<to>`'s manifest, as one commit (jobs/promote.ts checks the source stage first).
 */
export const promote: CommandDef = {
  name: 'promote',
  grammar: {
    usage: '/promote <pipeline|app> [<from>] <to> [--dry-run] [--when-open] [--override "<reason>"]',
    example: '/promote example-app production',
    min: 2,
    max: 3,
    flags: ['dry-run', 'when-open'],
    options: ['override'],
  },

  async run(context) {
    const { request, args, deps } = context;
    const [target = '', first = '', second] = args;
    const plan = planPromotion(deps.config, {
      target,
      ...(second === undefined ? { to: first } : { from: first, to: second }),
    });
    if (!plan.ok) throw refusalOf(deps.config, plan.problem);
    const requester = await requirePermission(deps, request.userId, requireApp(deps, plan.to.app), 'promote');
    const change: PromoteChange = {
      kind: 'promote',
      app: plan.to.app,
      pipeline: plan.pipeline.name,
      from: { stage: plan.from.name, app: plan.from.app },
      to: { stage: plan.to.name },
    };
    return enqueueChangeOrDryRun(context, change, requester);
  },
};
