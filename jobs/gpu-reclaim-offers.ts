/** What the reclaim jobs share: the settings, a scan of the opted-in namespaces now, and an offer's message. */
import type { ReclaimInventory } from '../src/adapters/reclaim-cluster.js';
import type { OfferRecord } from '../src/adapters/reclaim-ledger.js';
import { offerMessage, type OfferState } from '../src/blocks/gpu-reclaim.js';
import type { Message } from '../src/domain/chat.js';
import { activityQueries, type ActivityVectors } from '../src/domain/dcgm.js';
import { idleElsewhere, scanCandidates, type Candidate, type ScanResult } from '../src/domain/gpu-reclaim.js';
import { parseDuration } from '../src/domain/slo/windows.js';
import { chooseLocale, wordsFor, type Words } from '../src/i18n/index.js';
import type { JobDeps } from '../src/boot/deps.js';

type ReclaimConfig = NonNullable<NonNullable<JobDeps['config']['gpu']>['reclaim']>;
export interface ReclaimSettings {
  readonly reclaim: ReclaimConfig;
  readonly thresholdPercent: number;
  readonly window: string;
  readonly windowSeconds: number;
}

/** `gpu.reclaim` with `gpu.idle`'s threshold and window; undefined when reclaim is off. */
export function reclaimSettings(config: JobDeps['config']): ReclaimSettings | undefined {
  const reclaim = config.gpu?.reclaim;
  if (!reclaim) return undefined;
  const window = config.gpu?.idle?.window ?? '1h';
  return {
    reclaim,
    thresholdPercent: config.gpu?.idle?.utilisationPercent ?? 5,
    window,
    windowSeconds: parseDuration(window) ?? 3600,
  };
}

/** The channel an offer goes to: the namespace's, else the app's, else the GPU report's. */
export const offerChannel = (deps: JobDeps, s: ReclaimSettings, c: Candidate): string | undefined =>
  s.reclaim.namespaces[c.namespace]?.channel ??
  (c.app === undefined ? undefined : deps.config.apps[c.app]?.channel) ??
  deps.config.gpu?.reportChannel;

/** The activity vectors; undefined when Prometheus has no DCGM data at all (nothing can be judged). */
export async function readActivity(deps: JobDeps, window: string): Promise<ActivityVectors | undefined> {
  if (!deps.prometheus) return undefined;
  const queries = activityQueries(window);
  const [engineActive, utilisation] = await Promise.all([
    deps.prometheus.instantVector(queries.engineActive),
    deps.prometheus.instantVector(queries.utilisation),
  ]);
  return engineActive.length + utilisation.length === 0 ? undefined : { engineActive, utilisation };
}

/** The idle candidates of the opted-in namespaces now; undefined when no cluster or no DCGM data. */
export async function scanNow(
  deps: JobDeps,
  s: ReclaimSettings,
  namespaces = Object.keys(s.reclaim.namespaces),
): Promise<(ScanResult & { inventory: ReclaimInventory }) | undefined> {
  if (!deps.reclaimSource) return undefined;
  const activity = await readActivity(deps, s.window);
  if (!activity) return undefined;
  const inventory = await deps.reclaimSource.read(namespaces);
  const { candidates, unknown } = scanCandidates({
    ...inventory,
    activity,
    thresholdPercent: s.thresholdPercent,
    windowSeconds: s.windowSeconds,
    now: Date.now(),
    apps: deps.config.apps,
    ownerLabel: s.reclaim.ownerLabel,
    appLabel: s.reclaim.appLabel,
  });
  const optedIn = new Set(Object.keys(s.reclaim.namespaces));
  return { candidates, unknown, idleElsewhere: idleElsewhere(activity, optedIn, s.thresholdPercent), inventory };
}

/** How an offer's record stands, for its message. */
export function stateOf(record: OfferRecord): OfferState {
  const answer = record.answer;
  if (!answer) return { kind: 'open' };
  if (answer.kind === 'kept') return { kind: 'kept', until: answer.until, by: answer.by };
  if (answer.kind === 'expired') return { kind: 'expired' };
  const sha = record.commit;
  return answer.by === 'policy'
    ? { kind: 'released-by-policy', ...(sha && { sha }) }
    : { kind: 'released', by: answer.by, ...(sha && { sha }) };
}

/** The offer's message, in its channel's words. */
export async function draw(
  deps: JobDeps,
  s: ReclaimSettings,
  record: OfferRecord,
  state: OfferState = stateOf(record),
): Promise<{ t: Words; message: Message }> {
  const t = wordsFor(chooseLocale(deps.config.locale, { channel: record.channel }));
  const owner = record.candidate.owner;
  const ownerUser =
    owner && 'email' in owner ? await deps.directory.findByEmail?.(owner.email).catch(() => undefined) : undefined;
  const message = offerMessage(t, {
    candidate: record.candidate,
    ...(ownerUser !== undefined && { ownerUser }),
    window: s.window,
    deadline: record.deadline,
    auto: s.reclaim.namespaces[record.candidate.namespace]?.auto ?? false,
    dryRun: record.dryRun,
    state,
  });
  return { t, message };
}

export async function redraw(
  deps: JobDeps,
  s: ReclaimSettings,
  record: OfferRecord,
  state?: OfferState,
): Promise<void> {
  if (!record.message) return;
  const { message } = await draw(deps, s, record, state);
  await deps.chat.update(record.message.channel, record.message.ts, message);
}
