import { isAbsolute } from 'node:path/posix';
import { CronExpressionParser } from 'cron-parser';
import { z } from 'zod';
import { LOCALES } from './locale.js';
import { analysisSchema } from './analysis-config.js';
import { freezeSchema, sloSchema, sloNamesOf, type SloConfig } from './slo-config.js';
import { approvalsSchema, pipelineSchema, stagesOf } from './pipeline-config.js';
import type { FreezeWindow, SloSpec } from './slo/types.js';
import { parseDuration } from './slo/windows.js';
import { timeZone } from './time-zone.js';

/**
 * The shape of kanaria.yaml. The names in ARCHITECTURE.md's sketch are a contract with the other
 * parts of Kanaria: add fields, never rename them.
 */

/** A path inside the GitOps repo: relative, no `..`, no backslashes. Symlinks are checked when the file is opened. */
export const repoPath = z
  .string()
  .min(1)
  .refine(
    (p) => !isAbsolute(p) && !/^[a-zA-Z]:/.test(p),
    'must be a path relative to the GitOps repo root, not an absolute path',
  )
  .refine((p) => !p.split(/[\\/]/).includes('..'), 'must stay inside the GitOps repo (no `..`)')
  .refine((p) => !p.includes('\\'), 'use `/` as the path separator');

/**
 * A record keyed by names from kanaria.yaml (apps, environments, GPU products), without a prototype: a lookup
 * with a name someone typed (`constructor`, `toString`, `__proto__`) finds configured entries only, never
 * Object.prototype's members. Every `config.apps[name]` is safe because the parser makes it so.
 */
const namedRecord = <V extends z.ZodType>(key: z.ZodType<string>, value: V) =>
  z
    .record(key, value)
    .transform((entries): Record<string, z.output<V>> =>
      Object.assign(Object.create(null) as Record<string, z.output<V>>, entries),
    );

const slackId = z.string().regex(/^[A-Z0-9]+$/, 'must be a Slack id such as C0123ABC');

/** A cron pattern as BullMQ's scheduler reads it (5 fields, or 6 with seconds first). */
const cron = (example: string) =>
  z.string().superRefine((pattern, ctx) => {
    if (!/^(\S+\s+){4,5}\S+$/.test(pattern))
      return void ctx.addIssue({ code: 'custom', message: `must be a cron pattern such as "${example}"` });
    try {
      CronExpressionParser.parse(pattern);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `is not a valid cron pattern (${(error as Error).message}), e.g. "${example}"`,
      });
    }
  });

/** A Kubernetes label or annotation key: an optional DNS-subdomain prefix and `/`, then a name of up to 63 characters. */
const labelKey = z
  .string()
  .regex(
    /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    'must be a Kubernetes label or annotation key such as kanaria.dev/owner',
  );

/** `gpu.reclaim`: idle GPUs offered back to their owners (src/domain/gpu-reclaim.ts). */
const reclaimSchema = z
  .object({
    /** Scan and list only: no buttons, never a change. */
    dryRun: z.boolean().default(false),
    /** The pod's (then its namespace's) label or annotation naming the owner: a Slack user id or an e-mail. */
    ownerLabel: labelKey.default('kanaria.dev/owner'),
    /** The pod label naming the Kanaria app that runs it. */
    appLabel: labelKey.default('kanaria.dev/app'),
    /** How long the owner has to answer an offer. */
    answerWithin: z
      .string()
      .regex(/^\d+(s|m|h|d)$/, 'must be a duration such as 30m, 2h or 1d')
      .default('2h'),
    schedule: cron('*/15 * * * *').default('*/15 * * * *'),
    namespaces: namedRecord(
      z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a Kubernetes namespace name'),
      z
        .object({
          /** Release at the deadline when nobody answered. */
          auto: z.boolean().default(false),
          channel: slackId.optional(),
        })
        .strict(),
    ),
  })
  .strict();

/** A language Kanaria speaks (its catalog, src/i18n). */
const locale = z.enum(LOCALES, {
  error: `must be a language Kanaria speaks: ${LOCALES.map((l) => `"${l}"`).join(' or ')}`,
});

const principal = z
  .string()
  .refine(
    (p) => p === '*' || /^[UW][A-Z0-9]+$/.test(p) || /^S[A-Z0-9]+$/.test(p) || /^[^@\s]+@[^@\s]+$/.test(p),
    'must be "*", a Slack user id (U…/W…), a user group id (S…) or an e-mail address',
  );

const policy = z
  .object({
    deploy: z.array(principal).default([]),
    promote: z.array(principal).default([]),
    twoPersonRule: z.boolean().default(false),
    /** The error-budget gate for forward changes (issue 14); absent: off. */
    errorBudget: z.enum(['enforce', 'warn', 'off']).optional(),
    /** What the gate does when it cannot tell (Prometheus down, no data); absent: deny. */
    errorBudgetUnknown: z.enum(['allow', 'deny']).optional(),
    /** Who may approve a break-glass override (never the requester); absent: nobody. */
    override: z.array(principal).optional(),
    /** Promotions into this environment wait for this many approvals (issue 15); absent: none. */
    approvals: approvalsSchema.optional(),
    /** A promotion into this environment may come from a stage further back than the one before it. */
    skipStages: z.boolean().optional(),
  })
  .strict();

const app = z
  .object({
    environment: z.string().min(1).default('default'),
    manifest: repoPath,
    /** How to read the manifest; detected from the file when absent. */
    format: z.enum(['workload', 'kustomize', 'helm']).optional(),
    /** Workload: container name. Kustomize: `images[].name`. Helm: dotted path of the image block (default `image`). */
    container: z.string().min(1).optional(),
    /** metadata.name of the workload when the manifest holds several. */
    workload: z.string().min(1).optional(),
    argocd: z
      .object({
        application: z.string().min(1),
        namespace: z.string().min(1).default('argocd'),
        /** Sync with prune (delete resources no longer in Git) when Kanaria starts a sync. */
        prune: z.boolean().default(false),
      })
      .strict()
      .optional(),
    rollout: z.object({ name: z.string().min(1), namespace: z.string().min(1) }).optional(),
    channel: slackId.optional(),
    /** Files besides the manifest that belong to this app (for /rollback's "touched only this app" check). */
    paths: z.array(repoPath).default([]),
    replicas: z
      .object({ min: z.number().int().min(0).default(0), max: z.number().int().min(0).max(100_000).default(1000) })
      .strict()
      .refine((r) => r.min <= r.max, 'min must not exceed max')
      .optional(),
    /** Canary analysis: metrics (PromQL with `{{hash}}`) and settings; see analysis-config.ts. */
    analysis: analysisSchema.optional(),
    /** The SLOs (names under `slos`) whose error budget gates this app's forward changes. */
    slo: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  })
  .strict();

export const configSchema = z
  .object({
    gitops: z
      .object({
        url: z.string().min(1).optional(),
        branch: z
          .string()
          .regex(/^[\w./-]+$/, 'must be a branch name')
          .default('main'),
        /** Committer identity; authors are the Slack users. */
        committer: z
          .object({ name: z.string().min(1), email: z.string().email() })
          .default({ name: 'Kanaria', email: 'kanaria@users.noreply.kanaria.dev' }),
        /** Where this replica keeps its working copy. */
        workdir: z.string().min(1).optional(),
        /** Rounds of fetch → replay → push when the remote moved meanwhile. */
        pushAttempts: z.number().int().min(1).max(20).default(5),
      })
      .strict()
      .default({
        branch: 'main',
        committer: { name: 'Kanaria', email: 'kanaria@users.noreply.kanaria.dev' },
        pushAttempts: 5,
      }),
    apps: namedRecord(
      z.string().regex(/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/, 'app names are lowercase letters, digits, `.`, `_`, `-`'),
      app,
    ),
    policies: namedRecord(z.string(), policy).prefault({}),
    limits: z
      .object({
        replicas: z
          .object({ min: z.number().int().min(0), max: z.number().int().min(0) })
          .strict()
          .refine((r) => r.min <= r.max, 'min must not exceed max')
          .default({ min: 0, max: 1000 }),
      })
      .strict()
      .default({ replicas: { min: 0, max: 1000 } }),
    /** How Kanaria follows Argo CD after a change. */
    reconcile: z
      .object({
        /** Give up following a change after this long (it is then reported as timed out). */
        timeoutSeconds: z
          .number()
          .int()
          .min(10)
          .max(24 * 3600)
          .default(600),
        /** Post drift, Degraded and back-to-Healthy notices to the app's channel. */
        notify: z.boolean().default(true),
      })
      .strict()
      .default({ timeoutSeconds: 600, notify: true }),
    /** GPU reports: where the scheduled one goes, when (cron, in `timezone`), and the node label that names pools. */
    gpu: z
      .object({
        reportChannel: slackId.optional(),
        schedule: cron('0 9 * * 1-5').optional(),
        timezone: timeZone.optional(),
        poolLabel: z.string().min(1).optional(),
        /** Checked on their own schedule; each alert is posted once per episode. */
        alerts: z
          .object({
            schedule: cron('*/5 * * * *'),
            channel: slackId.optional(),
            minFree: z.union([z.number().int().min(0), namedRecord(z.string(), z.number().int().min(0))]).optional(),
            pendingMinutes: z.number().min(0).optional(),
          })
          .strict()
          .optional(),
        /** Allocated but idle GPUs (needs PROMETHEUS_URL and dcgm-exporter): under `utilisationPercent` (default 5) on average over `window` (default 1h). */
        idle: z
          .object({
            utilisationPercent: z.number().min(0).max(100).optional(),
            window: z
              .string()
              .regex(/^\d+(s|m|h|d)$/, 'must be a duration such as 30m, 1h or 1d')
              .optional(),
          })
          .strict()
          .optional(),
        /** Idle GPUs handed back (docs: README "Idle GPUs handed back"); only the namespaces listed are ever touched. */
        reclaim: reclaimSchema.optional(),
        /**
         * Showback (`/gpu usage`): the price of one GPU-hour per product (`nvidia.com/gpu.product`, `*` for the
         * rest) in `currency`; a MIG slice or shared replica costs its GPU-equivalent share. No price, no cost.
         */
        prices: z
          .object({
            currency: z
              .string()
              .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as USD, EUR or JPY')
              .default('USD'),
            perGpuHour: namedRecord(z.string().min(1), z.number().min(0)),
          })
          .strict()
          .optional(),
      })
      .strict()
      .refine(
        (g) =>
          !g.reclaim ||
          g.reclaim.dryRun ||
          Object.values(g.reclaim.namespaces).every((n) => n.channel) ||
          g.reportChannel,
        {
          message: 'reclaim offers need a channel: namespaces.<ns>.channel for each namespace, or gpu.reportChannel',
          path: ['reclaim', 'namespaces'],
        },
      )
      .refine((g) => !g.schedule || g.reportChannel, {
        message: 'a schedule needs a reportChannel to post to',
        path: ['reportChannel'],
      })
      .refine((g) => !g.alerts || g.alerts.channel || g.reportChannel, {
        message: 'alerts need a channel to post to (alerts.channel, or reportChannel)',
        path: ['alerts', 'channel'],
      })
      .optional(),
    /**
     * The language of messages where the person's own is not known (Slack's locale comes first for a private reply):
     * per channel id, else the workspace's `default`, else English.
     */
    locale: z
      .object({ default: locale.optional(), channels: namedRecord(slackId, locale).optional() })
      .strict()
      .optional(),
    /** Named SLOs (see slo-config.ts); apps name theirs. */
    slos: namedRecord(
      z.string().regex(/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/, 'SLO names are lowercase letters, digits, `.`, `_`, `-`'),
      sloSchema,
    ).optional(),
    /** Deny and allow windows for forward changes (see slo-config.ts). */
    freezes: z.array(freezeSchema).optional(),
    /** Releases promoted from stage to stage (see pipeline-config.ts); each stage is an app. */
    pipelines: namedRecord(
      z
        .string()
        .regex(/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/, 'pipeline names are lowercase letters, digits, `.`, `_`, `-`'),
      pipelineSchema,
    ).optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    // Names that point elsewhere in the file: each must exist, and the error says which do.
    const known = Object.keys(config.slos ?? {});
    for (const [name, app] of Object.entries(config.apps))
      for (const slo of sloNamesOf(app.slo))
        if (!known.includes(slo))
          ctx.addIssue({
            code: 'custom',
            path: ['apps', name, 'slo'],
            message:
              known.length > 0
                ? `unknown SLO "${slo}"; known: ${known.join(', ')}`
                : `unknown SLO "${slo}"; no SLO is defined under slos`,
          });
    // Each stage is a known app, and an app is in one pipeline at most (once).
    const pipelineOf = new Map<string, string>();
    for (const [pipeline, { stages }] of Object.entries(config.pipelines ?? {}))
      stages.forEach((stage, at) => {
        const app = typeof stage === 'string' ? stage : stage.app;
        const path = ['pipelines', pipeline, 'stages', at];
        if (!config.apps[app])
          ctx.addIssue({
            code: 'custom',
            path,
            message: `unknown app "${app}"; known: ${Object.keys(config.apps).join(', ')}`,
          });
        const other = pipelineOf.get(app);
        if (other !== undefined)
          ctx.addIssue({
            code: 'custom',
            path,
            message:
              other === pipeline
                ? `"${app}" is a stage twice; each stage is one app`
                : `"${app}" is already a stage of pipeline "${other}"; an app is in one pipeline`,
          });
        pipelineOf.set(app, pipeline);
      });
    for (const [pipeline, found] of Object.entries(config.pipelines ?? {})) {
      const names = stagesOf(config, found).map((stage) => stage.name);
      const twice = names.find((stage, at) => names.indexOf(stage) !== at);
      if (twice !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['pipelines', pipeline, 'stages'],
          message: `two stages are named "${twice}": give each a name, e.g. { name: eu-prod, app: llm-api-eu }`,
        });
    }
    const seen = new Set<string>();
    (config.freezes ?? []).forEach((freeze, index) => {
      if (seen.has(freeze.name))
        ctx.addIssue({
          code: 'custom',
          path: ['freezes', index, 'name'],
          message: `"${freeze.name}" is used twice; names must be unique`,
        });
      seen.add(freeze.name);
      (freeze.apps ?? []).forEach((app, at) => {
        if (!config.apps[app])
          ctx.addIssue({
            code: 'custom',
            path: ['freezes', index, 'apps', at],
            message: `unknown app "${app}"; known: ${Object.keys(config.apps).join(', ')}`,
          });
      });
    });
  });

export type Config = z.infer<typeof configSchema>;
export type AppConfig = Config['apps'][string];
export type Policy = Config['policies'][string];

/** The replica bounds for an app: its own, else the global ones. */
export const replicaBounds = (config: Config, appConfig: AppConfig): { min: number; max: number } =>
  appConfig.replicas ?? config.limits.replicas;

/** The files an app owns in the GitOps repo. */
export const appFiles = (appConfig: AppConfig): string[] => [appConfig.manifest, ...appConfig.paths];

/** An SLO of kanaria.yaml as the arithmetic needs it, with its configuration (queries, rules). */
export type ConfiguredSlo = SloSpec & { readonly config: SloConfig };

/** The SLOs an app names, in its order; none when it names none. */
export const slosOf = (config: Config, app: string): ConfiguredSlo[] =>
  sloNamesOf(config.apps[app]?.slo).flatMap((name) => {
    const slo = config.slos?.[name];
    return slo ? [{ name, objective: slo.objective, windowSeconds: parseDuration(slo.window)!, config: slo }] : [];
  });

/** The freeze windows of kanaria.yaml, resolved (durations in seconds). */
export const freezeWindowsOf = (config: Config): FreezeWindow[] =>
  (config.freezes ?? []).map((f) => ({
    name: f.name,
    kind: f.kind,
    start: f.start,
    durationSeconds: parseDuration(f.duration)!,
    timeZone: f.timezone,
    ...(f.rrule === undefined ? {} : { rrule: f.rrule }),
    ...(f.environments === undefined ? {} : { environments: f.environments }),
    ...(f.apps === undefined ? {} : { apps: f.apps }),
  }));
