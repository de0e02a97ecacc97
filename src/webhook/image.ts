import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { KanariaMetrics } from '../adapters/metrics.js';
import {
  buildDestination,
  parseBuild,
  WEBHOOK_REQUESTER,
  type Build,
  type BuildDestination,
  type BuildFault,
} from '../domain/build-webhook.js';
import type { Config } from '../domain/config.js';
import { TransientError } from '../domain/errors.js';
import {
  checkTimestamp,
  SIGNATURE_HEADER,
  signatureMatches,
  TIMESTAMP_HEADER,
  WEBHOOK_WINDOW_SECONDS,
} from '../domain/webhook-signature.js';
import { chooseLocale, explain, wordsFor, type Words } from '../i18n/index.js';
import { buildJobId, type BuildNoticeJob } from '../queues/builds.js';
import { enqueueChange, type GitopsJob } from '../queues/gitops.js';
import type { JobQueue } from '../queues/queue.js';
import type { ReplayStore } from '../slack/request-guard.js';

/** A build is a few hundred bytes of JSON: 64 KiB is generous, and bounds what an unsigned sender makes us read. */
export const MAX_WEBHOOK_BODY_BYTES = 64 * 1024;

/** What POST /webhooks/image needs: the secret (KANARIA_WEBHOOK_SECRET), the replay store, the queues. */
export interface ImageWebhook {
  readonly secret: string;
  readonly replay: ReplayStore;
  readonly config: Config;
  readonly builds: JobQueue<BuildNoticeJob>;
  readonly gitops: JobQueue<GitopsJob>;
  readonly logger: Logger;
  readonly metrics: KanariaMetrics;
}

/** The JSON a CI step gets back: `accepted` on success, else `error` (a stable code) and a `message` to print. */
type Answer = { readonly status: number; readonly outcome: string; readonly body: Record<string, unknown> };

const refuse = (status: number, error: string, message: string, extra: Record<string, unknown> = {}): Answer => ({
  status,
  outcome: error,
  body: { error, message, ...extra },
});

/** Reads the body up to the cap; undefined once more than the cap has arrived (the rest is left unread). */
async function readCapped(req: IncomingMessage, max: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/**
 * POST /webhooks/image: a CI step announces a new build. Checked in the order that costs least to a forger: the
 * timestamp and the size before the body is read, the signature (constant time) before anything is parsed, the
 * replay store before anything is queued. Then the build goes to its stage: announced with a Deploy button (the
 * builds queue), or deployed by Kanaria when the pipeline says `autoDeploy`. Once per (app, image).
 */
export async function handleImageWebhook(req: IncomingMessage, res: ServerResponse, hook: ImageWebhook): Promise<void> {
  const answer = await answerBuild(req, hook);
  hook.metrics.webhookRequests.inc({ outcome: answer.outcome });
  if (answer.status >= 400)
    hook.logger.warn({ outcome: answer.outcome, ip: req.socket.remoteAddress }, 'refused an image webhook');
  else hook.logger.info({ outcome: answer.outcome, ...answer.body }, 'image webhook');
  res.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    // A refused body may be partly unread: close the connection instead of reading the rest of it.
    ...(answer.status >= 400 && { connection: 'close' }),
  });
  res.end(`${JSON.stringify(answer.body)}\n`);
}

async function answerBuild(req: IncomingMessage, hook: ImageWebhook): Promise<Answer> {
  // A CI log is read by whoever set the webhook up: the workspace's language.
  const t = wordsFor(chooseLocale(hook.config.locale, {}));
  const max = MAX_WEBHOOK_BODY_BYTES;
  if (Number(req.headers['content-length']) > max)
    return refuse(413, 'too-large', t('webhook.answer.tooLarge', { max }));
  const signature = header(req, SIGNATURE_HEADER);
  const stamp = checkTimestamp({ signature, timestamp: header(req, TIMESTAMP_HEADER) }, Date.now());
  if (!stamp.ok) return refuse(401, stamp.fault, t(`webhook.answer.${stamp.fault}`));
  const body = await readCapped(req, max);
  if (body === undefined) return refuse(413, 'too-large', t('webhook.answer.tooLarge', { max }));
  if (!signatureMatches(hook.secret, stamp.timestamp, body, signature ?? ''))
    return refuse(401, 'signature', t('webhook.answer.signature'));
  // Only verified signatures are claimed, so forged requests cannot fill the store.
  if (!(await hook.replay.claim(`image-webhook:${signature}`, WEBHOOK_WINDOW_SECONDS * 2)))
    return refuse(401, 'replay', t('webhook.answer.replay'));

  const parsed = parseBuild(body);
  if (!parsed.ok) return badBuild(t, parsed.fault);
  const { build } = parsed;
  const destination = buildDestination(hook.config, build.target);
  if (!destination) return unknownTarget(t, hook.config, build.target);
  const channel = hook.config.apps[destination.app]?.channel;
  if (!channel) return refuse(422, 'no-channel', t('webhook.answer.noChannel', { app: destination.app }));
  try {
    return await deliver(t, hook, build, destination, channel);
  } catch (error) {
    if (error instanceof TransientError) return refuse(503, 'unavailable', t('webhook.answer.unavailable'));
    throw error;
  }
}

function badBuild(t: Words, fault: BuildFault): Answer {
  if (fault.kind === 'json') return refuse(400, 'json', t('webhook.answer.json'));
  if (fault.kind === 'shape')
    return refuse(400, 'shape', t('webhook.answer.shape', { problems: fault.problems.join('; ') }), {
      problems: fault.problems,
    });
  const { message, hint } = explain(t, fault.refusal);
  return refuse(400, 'image', hint ? `${message} ${hint}` : message);
}

function unknownTarget(t: Words, config: Config, target: Build['target']): Answer {
  const names = Object.keys(target.kind === 'app' ? config.apps : (config.pipelines ?? {}));
  const missing = t(target.kind === 'app' ? 'webhook.answer.unknownApp' : 'webhook.answer.unknownPipeline', {
    name: target.name,
  });
  const known = names.length > 0 ? ` ${t('webhook.answer.known', { names: names.slice(0, 20) })}` : '';
  return refuse(404, `unknown-${target.kind}`, `${missing}${known}`);
}

/** Announces the build in its stage's channel, or (autoDeploy) enqueues its deploy as Kanaria: once per (app, image). */
async function deliver(
  t: Words,
  hook: ImageWebhook,
  build: Build,
  destination: BuildDestination,
  channel: string,
): Promise<Answer> {
  const { app, stage, pipeline } = destination;
  const { image } = build;
  const facts = { app, stage, image, ...(pipeline !== undefined && { pipeline }) };
  const accepted = (outcome: string, duplicate: boolean, message: string): Answer => ({
    status: 202,
    outcome: duplicate ? 'duplicate' : outcome,
    body: {
      accepted: outcome,
      duplicate,
      ...facts,
      message: duplicate ? t('webhook.answer.duplicate', facts) : message,
    },
  });
  if (destination.autoDeploy) {
    const requestId = buildJobId('auto-deploy', app, image);
    const { duplicate } = await enqueueChange(
      hook.gitops,
      { channel, requestId },
      { kind: 'deploy', app, image },
      WEBHOOK_REQUESTER,
    );
    return accepted('deploying', duplicate, t('webhook.answer.deploying', facts));
  }
  const notice: BuildNoticeJob = {
    app,
    stage,
    image,
    ...(build.commit !== undefined && { commit: build.commit }),
    ...(build.url !== undefined && { url: build.url }),
  };
  const { duplicate } = await hook.builds.add(buildJobId('build', app, image), notice);
  return accepted('announced', duplicate, t('webhook.answer.announced', facts));
}
