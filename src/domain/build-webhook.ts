import { z } from 'zod';
import type { Person } from './chat.js';
import type { Config } from './config.js';
import { CodedRefusal } from './errors.js';
import { formatImageRef, parseImageRef } from './image-ref.js';
import { pipelineNamed, pipelineOf } from './pipeline.js';

/*
 * A new build, as a CI step announces it on POST /webhooks/image (issue 15): which app it is for, and whether
 * Kanaria deploys it by itself. Pure: the HTTP route (src/webhook/image.ts) reads, checks the signature and enqueues.
 */

/**
 * Who asks for a deploy that `autoDeploy` makes: Kanaria itself, for the webhook. Not a Slack user id (those are
 * uppercase letters and digits), so no person can be mistaken for it; its commit and announcement say so.
 */
export const WEBHOOK_REQUESTER: Person = { id: 'kanaria:image-webhook', name: 'Kanaria (image webhook)', groups: [] };

export const isWebhookRequester = (person: { readonly id: string }): boolean => person.id === WEBHOOK_REQUESTER.id;

/** A name of kanaria.yaml; anything else cannot name an app or a pipeline. */
const name = z
  .string()
  .max(100)
  .regex(
    /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/,
    'is not a name of kanaria.yaml (lowercase letters, digits, `.`, `_`, `-`)',
  );

/** The body a CI step sends. */
export const buildBodySchema = z
  .object({
    app: name.optional(),
    pipeline: name.optional(),
    /** Pinned by tag or digest: `ghcr.io/acme/llm-api:1.4.3`, `…@sha256:…`. */
    image: z.string().min(1).max(512),
    /** The source commit the image was built from. */
    commit: z
      .string()
      .regex(/^[0-9a-f]{7,64}$/, 'is not a commit id (7 to 64 lowercase hex digits)')
      .optional(),
    /** Where to read about the build (the CI run, the release). */
    url: z
      .url({ protocol: /^https?$/, error: 'is not an http(s) URL' })
      .max(2000)
      .optional(),
  })
  .strict()
  .refine((body) => (body.app === undefined) !== (body.pipeline === undefined), {
    message: 'name either the "app" or the "pipeline" the build is for (exactly one of them)',
  });

export type BuildBody = z.infer<typeof buildBodySchema>;

/** A build, checked: the image formatted as manifests take it. */
export interface Build {
  readonly target: { readonly kind: 'app' | 'pipeline'; readonly name: string };
  readonly image: string;
  readonly commit?: string;
  readonly url?: string;
}

/** What is wrong with a body: its shape (one line per field, zod's words), or its image (a refusal with catalog words). */
export type BuildFault =
  | { readonly kind: 'json' }
  | { readonly kind: 'shape'; readonly problems: readonly string[] }
  | { readonly kind: 'image'; readonly refusal: CodedRefusal };

/** Reads a body: JSON of the shape above, with an image pinned by tag or digest. */
export function parseBuild(body: string): { ok: true; build: Build } | { ok: false; fault: BuildFault } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, fault: { kind: 'json' } };
  }
  const parsed = buildBodySchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    );
    return { ok: false, fault: { kind: 'shape', problems } };
  }
  const { app, pipeline, image, commit, url } = parsed.data;
  let reference;
  try {
    reference = parseImageRef(image);
  } catch (error) {
    if (error instanceof CodedRefusal) return { ok: false, fault: { kind: 'image', refusal: error } };
    throw error;
  }
  if (reference.tag === undefined && reference.digest === undefined) {
    const refusal = new CodedRefusal('bad-image', 'webhook.unpinned', { reference: image });
    return { ok: false, fault: { kind: 'image', refusal } };
  }
  return {
    ok: true,
    build: {
      target: pipeline !== undefined ? { kind: 'pipeline', name: pipeline } : { kind: 'app', name: app ?? '' },
      image: formatImageRef(reference),
      ...(commit !== undefined && { commit }),
      ...(url !== undefined && { url }),
    },
  };
}

/** Where a build goes: the app, its stage's name (what the button says), and whether Kanaria deploys it itself. */
export interface BuildDestination {
  readonly app: string;
  readonly stage: string;
  readonly pipeline?: string;
  readonly autoDeploy: boolean;
}

/**
 * A pipeline's build goes to its first stage; an app's to that app. It is deployed by itself only into the
 * first stage of a pipeline with `autoDeploy: true`, however the build named it; undefined when kanaria.yaml
 * knows no such app or pipeline.
 */
export function buildDestination(config: Config, target: Build['target']): BuildDestination | undefined {
  if (target.kind === 'pipeline') {
    const pipeline = pipelineNamed(config, target.name);
    const first = pipeline?.stages[0];
    if (!pipeline || !first) return undefined;
    return { app: first.app, stage: first.name, pipeline: pipeline.name, autoDeploy: pipeline.autoDeploy };
  }
  const app = config.apps[target.name];
  if (!app) return undefined;
  const pipeline = pipelineOf(config, target.name);
  const stage = pipeline?.stages.find((s) => s.app === target.name);
  if (!pipeline || !stage) return { app: target.name, stage: app.environment, autoDeploy: false };
  return {
    app: target.name,
    stage: stage.name,
    pipeline: pipeline.name,
    autoDeploy: pipeline.autoDeploy && stage.index === 0,
  };
}
