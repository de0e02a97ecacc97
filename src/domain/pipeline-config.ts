import { z } from 'zod';
import { parseDuration } from './slo/windows.js';

/** The `pipelines:` part of kanaria.yaml and the approval policy of an environment (issue 15). */

/** A name of kanaria.yaml: lowercase letters, digits, `.`, `_`, `-`. */
const name = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/, 'names are lowercase letters, digits, `.`, `_`, `-`');

export const pipelineSchema = z
  .object({
    /**
     * First stage first. Each is an app (its manifest, Application, Rollout, channel and environment), named by
     * its environment unless given a name: `[llm-api-dev, llm-api-prod]` or `[{ name: dev, app: llm-api-dev }, …]`.
     */
    stages: z
      .array(z.union([name, z.object({ name, app: name }).strict()]))
      .min(2, 'a pipeline needs two stages or more, e.g. [llm-api-dev, llm-api-prod]'),
    /** A build announced by the image webhook goes to the first stage by itself (POST /webhooks/image). */
    autoDeploy: z.boolean().default(false),
  })
  .strict();

export type PipelineConfig = z.infer<typeof pipelineSchema>;

/** Who must approve a promotion into an environment, and for how long a request stays open. */
export const approvalsSchema = z
  .object({
    /** Distinct approvers needed, never counting the requester. */
    min: z.number().int().min(1).max(10),
    /** Who may approve: Slack user ids, user group ids, e-mails, or "*". */
    from: z.array(z.string().min(1)).min(1),
    selfApproval: z
      .literal(false, { error: 'the requester never approves their own promotion: leave it false' })
      .default(false),
    expiresAfter: z
      .string()
      .refine((text) => parseDuration(text) !== undefined, 'is not a duration, e.g. 4h or 30m')
      .default('4h'),
  })
  .strict();

export type ApprovalsConfig = z.infer<typeof approvalsSchema>;

/** One stage of a pipeline: its name (what `/promote` takes), its app and the app's environment. */
export interface Stage {
  readonly name: string;
  readonly app: string;
  readonly environment: string;
  /** 0 for the first stage. */
  readonly index: number;
}

/** The stages of a pipeline, resolved against the apps (a stage of an unknown app is left out). */
export function stagesOf(
  config: { readonly apps: Readonly<Record<string, { readonly environment: string }>> },
  found: Pick<PipelineConfig, 'stages'>,
): Stage[] {
  return found.stages.flatMap((entry, index) => {
    const app = typeof entry === 'string' ? entry : entry.app;
    const environment = config.apps[app]?.environment;
    if (environment === undefined) return [];
    return [{ name: typeof entry === 'string' ? environment : entry.name, app, environment, index }];
  });
}
