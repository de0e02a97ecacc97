/**
 * Idle GPUs handed back (`gpu.reclaim`), in the pure core: which pods of the opted-in namespaces hold GPUs that
 * sat idle over `gpu.idle.window`, grouped by the workload that runs them (scaling a workload to 0 is the only
 * way back Kanaria takes: a commit, never a deleted pod), who owns them, which Kanaria app they are, and what
 * to do about each given what was offered before and the clock.
 *
 * A candidate is a workload (Deployment, Argo Rollout, StatefulSet) or, without one, a lone pod, whose every GPU pod is idle:
 * a workload with one busy pod is not idle, and scaling it down would stop that work too.
 */
import { createHash } from 'node:crypto';
import type { Person } from './chat.js';
import type { ActivityVectors, DcgmSample } from './dcgm.js';
import { summarizePod, type GpuKind } from './gpu.js';
import { migProfile, migSlicesPerGpu, unitEquivalent } from './gpu-equivalent.js';
import { obj, list, str, strings } from './json.js';

export interface Workload {
  readonly kind: 'Deployment' | 'Rollout' | 'StatefulSet';
  readonly name: string;
}

export interface ReclaimPod {
  readonly namespace: string;
  readonly name: string;
  readonly node?: string;
  readonly requests: Readonly<Record<string, number>>;
  readonly createdAt?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly workload?: Workload;
}

/** What a node tells about its GPUs: GPU Feature Discovery's product and sharing labels. */
export interface ReclaimNode {
  readonly name: string;
  readonly product: string;
  readonly replicas?: number;
}

/**
 * The workload that runs a pod, from its controller: a ReplicaSet is resolved to its Deployment by the pod's
 * `pod-template-hash` label (the ReplicaSet is named `<deployment>-<hash>`), or to its Argo Rollout by
 * `rollouts-pod-template-hash` (named `<rollout>-<hash>` too), so no read of ReplicaSets is needed.
 */
export function workloadOf(metadata: unknown): Workload | undefined {
  const m = obj(metadata);
  const owner = list(m['ownerReferences']).find((o) => o['controller'] === true) ?? list(m['ownerReferences'])[0];
  const name = str(owner?.['name']);
  if (!owner || name === undefined) return undefined;
  if (owner['kind'] === 'StatefulSet') return { kind: 'StatefulSet', name };
  if (owner['kind'] !== 'ReplicaSet') return undefined;
  const labels = strings(m['labels']);
  for (const [label, kind] of [
    ['pod-template-hash', 'Deployment'],
    ['rollouts-pod-template-hash', 'Rollout'],
  ] as const) {
    const hash = labels[label];
    if (hash && name.endsWith(`-${hash}`)) return { kind, name: name.slice(0, -hash.length - 1) };
  }
  return undefined;
}

/** A pod holding GPUs as the reclaim scan sees it; undefined without GPUs, unscheduled, or finished. */
export function summarizeReclaimPod(pod: unknown): ReclaimPod | undefined {
  const usage = summarizePod(pod);
  if (!usage?.node) return undefined;
  const metadata = obj(obj(pod)['metadata']);
  const workload = workloadOf(metadata);
  return {
    namespace: usage.namespace,
    name: usage.name,
    node: usage.node,
    requests: usage.requests,
    ...(usage.createdAt && { createdAt: usage.createdAt }),
    labels: strings(metadata['labels']),
    annotations: strings(metadata['annotations']),
    ...(workload && { workload }),
  };
}

/** A node's GPU product and time-slicing replicas; undefined without GFD's product label. */
export function summarizeReclaimNode(node: unknown): ReclaimNode | undefined {
  const metadata = obj(obj(node)['metadata']);
  const labels = strings(metadata['labels']);
  const name = str(metadata['name']);
  const product = labels['nvidia.com/gpu.product'];
  if (name === undefined || product === undefined) return undefined;
  const replicas = Number(labels['nvidia.com/gpu.replicas']);
  return { name, product, ...(Number.isInteger(replicas) && replicas > 1 && { replicas }) };
}

/** GPUs held, in GPU terms: `2× GPU`, `1× 1g.10gb` (MIG), `1× shared 1/4`. */
export interface GpusHeld {
  readonly count: number;
  readonly kind: GpuKind;
  /** The MIG profile (`1g.10gb`), for MIG. */
  readonly profile?: string;
  /** Replicas each GPU is shared into, for shared GPUs. */
  readonly replicas?: number;
  /** GPU-equivalents of all `count` units. */
  readonly equivalent: number;
}

/** The GPUs a pod holds, by resource, in GPU terms (its node tells MIG single strategy and time-slicing). */
export function gpusHeld(pod: Pick<ReclaimPod, 'requests'>, node: ReclaimNode | undefined): GpusHeld[] {
  const product = node?.product ?? 'unknown';
  return Object.entries(pod.requests)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([resource, count]) => {
      const profile = migProfile(resource) ?? migProfile(product);
      const kind: GpuKind =
        resource.startsWith('nvidia.com/mig-') || /-MIG-/.test(product)
          ? 'mig'
          : resource === 'nvidia.com/gpu.shared' || product.endsWith('-SHARED') || (node?.replicas ?? 1) > 1
            ? 'shared'
            : 'gpu';
      const unit = { kind, resource, product, ...(node?.replicas !== undefined && { replicas: node.replicas }) };
      return {
        count,
        kind,
        ...(kind === 'mig' && profile && { profile: profile.profile }),
        ...(kind === 'shared' && { replicas: node?.replicas ?? 1 }),
        equivalent: count * unitEquivalent(unit),
      };
    });
}

/** How busy a pod's GPUs were: the busiest of them, in percent; or why it cannot be told. */
export type Activity =
  | { readonly percent: number; readonly source: 'engine' | 'util' }
  | { readonly unknown: 'mig-needs-profiling' | 'no-metrics' };

const ofPod = (samples: readonly DcgmSample[], pod: Pick<ReclaimPod, 'namespace' | 'name'>): number[] =>
  samples
    .filter((s) => s.labels['namespace'] === pod.namespace && s.labels['pod'] === pod.name)
    .map((s) => s.value)
    .filter(Number.isFinite);

/**
 * A pod's activity from the exporter's Kubernetes mapping (`namespace`, `pod` labels): GR_ENGINE_ACTIVE where the
 * exporter has it for the pod, else GPU_UTIL; a MIG instance has no GPU_UTIL of its own, so without profiling
 * metrics its activity is unknown (never idle by guess).
 */
export function podActivity(vectors: ActivityVectors, pod: ReclaimPod, gpus: readonly GpusHeld[]): Activity {
  const engine = ofPod(vectors.engineActive, pod);
  if (engine.length > 0) return { percent: Math.max(...engine) * 100, source: 'engine' };
  if (gpus.some((g) => g.kind === 'mig')) return { unknown: 'mig-needs-profiling' };
  const util = ofPod(vectors.utilisation, pod);
  if (util.length > 0) return { percent: Math.max(...util), source: 'util' };
  return { unknown: 'no-metrics' };
}

/** Who owns a workload: a Slack user, or an e-mail the directory resolves to one. */
export type Owner = { readonly user: string } | { readonly email: string };

/** An owner value as written on a pod or namespace; undefined when it is neither a user id nor an e-mail. */
export function parseOwner(value: string | undefined): Owner | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^[UW][A-Z0-9]+$/.test(v)) return { user: v };
  if (/^[^@\s]+@[^@\s]+$/.test(v)) return { email: v.toLowerCase() };
  return undefined;
}

/** The owner from `ownerLabel`: the pod's label, its annotation, then the namespace's label and annotation. */
export function ownerOf(
  key: string,
  pod: Pick<ReclaimPod, 'labels' | 'annotations'>,
  namespace: {
    readonly labels: Readonly<Record<string, string>>;
    readonly annotations: Readonly<Record<string, string>>;
  },
): Owner | undefined {
  for (const value of [pod.labels[key], pod.annotations[key], namespace.labels[key], namespace.annotations[key]]) {
    const owner = parseOwner(value);
    if (owner) return owner;
  }
  return undefined;
}

/** Whether a person is the owner: the same Slack user, or the same e-mail. */
export const isOwner = (owner: Owner | undefined, person: { readonly id: string; readonly email?: string }): boolean =>
  owner !== undefined && ('user' in owner ? owner.user === person.id : owner.email === person.email?.toLowerCase());

/** The apps as the lookup needs them. */
export type AppsForReclaim = Readonly<
  Record<
    string,
    {
      readonly workload?: string;
      readonly argocd?: { readonly application: string };
      readonly rollout?: { readonly name: string; readonly namespace: string };
    }
  >
>;

/** Argo CD's tracking label (its default `application.instanceLabelKey`). */
export const ARGOCD_INSTANCE_LABEL = 'app.kubernetes.io/instance';

/**
 * The Kanaria app a workload belongs to: the pod's `appLabel` naming an app, else Argo CD's tracking label equal
 * to an app's `argocd.application`, else the workload's name equal to an app's `workload` or to an app's name.
 */
export function appOf(
  apps: AppsForReclaim,
  appLabel: string,
  pod: Pick<ReclaimPod, 'labels' | 'namespace'>,
  workload: Workload | undefined,
): string | undefined {
  // An app whose configuration says it runs another workload, or in another namespace, does not run this one:
  // scaling it would free none of these GPUs and stop something else (a label is whatever the pod's author wrote).
  const names = Object.keys(apps).filter((n) => {
    const app = apps[n];
    return (
      (app?.workload === undefined || workload === undefined || app.workload === workload.name) &&
      (app?.rollout === undefined || app.rollout.namespace === pod.namespace)
    );
  });
  const labelled = pod.labels[appLabel];
  if (labelled !== undefined && names.includes(labelled)) return labelled;
  const instance = pod.labels[ARGOCD_INSTANCE_LABEL];
  const tracked = instance === undefined ? undefined : names.find((n) => apps[n]?.argocd?.application === instance);
  if (tracked !== undefined) return tracked;
  if (!workload) return undefined;
  return (
    (workload.kind === 'Rollout' ? names.find((n) => apps[n]?.rollout?.name === workload.name) : undefined) ??
    names.find((n) => apps[n]?.workload === workload.name) ??
    names.find((n) => n === workload.name)
  );
}

export interface CandidatePod {
  readonly name: string;
  readonly node?: string;
  readonly gpus: readonly GpusHeld[];
  readonly activityPercent: number;
}

/** An idle workload (or lone pod) in an opted-in namespace. */
export interface Candidate {
  /** Short, stable per namespace and workload (or pod): the buttons and `/gpu keep|release` name it. */
  readonly id: string;
  readonly namespace: string;
  readonly workload?: Workload;
  /** A pod without a workload. */
  readonly pod?: string;
  readonly pods: readonly CandidatePod[];
  readonly app?: string;
  readonly owner?: Owner;
  /** The busiest of its pods, percent. */
  readonly activityPercent: number;
  readonly equivalent: number;
}

/** Pods that could not be judged, and idle GPUs outside the opted-in namespaces (counted, never named). */
export interface ScanResult {
  readonly candidates: Candidate[];
  /** Pods of opted-in namespaces whose activity cannot be told, and why. */
  readonly unknown: readonly { readonly namespace: string; readonly pod: string; readonly why: string }[];
  /** GPU-equivalents held idle by pods in namespaces not opted in (from the exporter alone, no pod read). */
  readonly idleElsewhere: number;
}

export const candidateId = (namespace: string, key: string): string =>
  createHash('sha256').update(`${namespace}/${key}`).digest('hex').slice(0, 10);

/** A candidate id as buttons and commands carry it. */
export const CANDIDATE_ID = /^[0-9a-f]{10}$/;

export interface ScanInput {
  readonly pods: readonly ReclaimPod[];
  readonly nodes: readonly ReclaimNode[];
  readonly namespaces: Readonly<
    Record<
      string,
      { readonly labels: Readonly<Record<string, string>>; readonly annotations: Readonly<Record<string, string>> }
    >
  >;
  readonly activity: ActivityVectors;
  readonly thresholdPercent: number;
  /** Seconds: a pod younger than the window has no average over it yet. */
  readonly windowSeconds: number;
  readonly now: number;
  readonly apps: AppsForReclaim;
  readonly ownerLabel: string;
  readonly appLabel: string;
}

/** The idle candidates among `pods` (already limited to the opted-in namespaces), by namespace then id. */
export function scanCandidates(input: ScanInput): Omit<ScanResult, 'idleElsewhere'> {
  const nodes = new Map(input.nodes.map((n) => [n.name, n]));
  const groups = new Map<string, { pods: ReclaimPod[]; judged: CandidatePod[]; busy: boolean }>();
  const unknown: ScanResult['unknown'][number][] = [];
  for (const pod of input.pods) {
    const key = pod.workload ? `${pod.workload.kind}/${pod.workload.name}` : `Pod/${pod.name}`;
    const group = groups.get(`${pod.namespace}\u0000${key}`) ?? { pods: [], judged: [], busy: false };
    groups.set(`${pod.namespace}\u0000${key}`, group);
    group.pods.push(pod);
    const gpus = gpusHeld(pod, pod.node === undefined ? undefined : nodes.get(pod.node));
    const young = pod.createdAt !== undefined && input.now - Date.parse(pod.createdAt) < input.windowSeconds * 1000;
    const activity = podActivity(input.activity, pod, gpus);
    if ('unknown' in activity) {
      unknown.push({ namespace: pod.namespace, pod: pod.name, why: activity.unknown });
      group.busy = true;
    } else if (young || activity.percent >= input.thresholdPercent) group.busy = true;
    else
      group.judged.push({
        name: pod.name,
        ...(pod.node !== undefined && { node: pod.node }),
        gpus,
        activityPercent: activity.percent,
      });
  }
  const candidates: Candidate[] = [];
  for (const [group, { pods, judged, busy }] of groups) {
    if (busy) continue;
    const [namespace = '', key = ''] = group.split('\u0000');
    const first = pods[0]!;
    const ns = input.namespaces[namespace] ?? { labels: {}, annotations: {} };
    const owner = ownerOf(input.ownerLabel, first, ns);
    const app = appOf(input.apps, input.appLabel, first, first.workload);
    candidates.push({
      id: candidateId(namespace, key),
      namespace,
      ...(first.workload ? { workload: first.workload } : { pod: first.name }),
      pods: judged.sort((a, b) => a.name.localeCompare(b.name)),
      ...(app !== undefined && { app }),
      ...(owner && { owner }),
      activityPercent: Math.max(...judged.map((p) => p.activityPercent)),
      equivalent: judged.reduce((sum, p) => sum + p.gpus.reduce((s, g) => s + g.equivalent, 0), 0),
    });
  }
  candidates.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.id.localeCompare(b.id));
  return { candidates, unknown };
}

/**
 * GPU-equivalents of one exporter series: 1 for a GPU; for a MIG instance (`GPU_I_ID`) its profile's share
 * (`GPU_I_PROFILE`, e.g. `1g.10gb` of an A100 = 1/7), or 1/7 when the exporter does not name the profile.
 */
function seriesEquivalent(labels: Readonly<Record<string, string>>): number {
  if (!labels['GPU_I_ID']) return 1;
  const profile = migProfile(labels['GPU_I_PROFILE'] ?? '');
  const slices = migSlicesPerGpu(labels['modelName'] ?? '');
  return profile ? Math.min(1, profile.slices / slices) : 1 / 7;
}

/**
 * GPU-equivalents idle in namespaces not opted in, from the exporter's series alone (each series one GPU or MIG
 * instance): a figure for `/gpu idle`, never a list of someone else's pods.
 */
export function idleElsewhere(
  vectors: ActivityVectors,
  optedIn: ReadonlySet<string>,
  thresholdPercent: number,
): number {
  const seen = new Set<string>();
  let sum = 0;
  const count = (samples: readonly DcgmSample[], toPercent: number) => {
    for (const s of samples) {
      const { namespace, pod } = s.labels;
      if (!namespace || !pod || optedIn.has(namespace) || !Number.isFinite(s.value)) continue;
      const key = [namespace, pod, s.labels['UUID'] ?? '', s.labels['GPU_I_ID'] ?? ''].join('\u0000');
      if (seen.has(key)) continue;
      seen.add(key);
      if (s.value * toPercent < thresholdPercent) sum += seriesEquivalent(s.labels);
    }
  };
  count(vectors.engineActive, 100);
  // Whole GPUs only: a series GR_ENGINE_ACTIVE already counted is not counted twice.
  count(
    vectors.utilisation.filter((s) => !s.labels['GPU_I_ID']),
    1,
  );
  return sum;
}

/**
 * The offers a scan withdraws: those whose candidate is not idle now, except where one of its pods could not be
 * judged this time (an exporter's gap): such an offer stands, so a gap does not withdraw it and offer it anew.
 */
export function offersToWithdraw<O extends { readonly candidate: Pick<Candidate, 'id' | 'namespace' | 'pods'> }>(
  offers: readonly O[],
  idle: readonly Pick<Candidate, 'id'>[],
  unknown: ScanResult['unknown'],
): O[] {
  const idleNow = new Set(idle.map((c) => c.id));
  const unjudged = new Set(unknown.map((u) => `${u.namespace}/${u.pod}`));
  return offers.filter(
    ({ candidate: c }) => !idleNow.has(c.id) && !c.pods.some((p) => unjudged.has(`${c.namespace}/${p.name}`)),
  );
}

/** What happened to an offer, as the ledger records it. */
export type Answer =
  | { readonly kind: 'kept'; readonly until: number; readonly by: string }
  | { readonly kind: 'released'; readonly by: string; readonly at: number }
  /** The deadline passed unanswered where `auto` is off (or in a dry run): nothing was done. */
  | { readonly kind: 'expired'; readonly at: number };

/** One offer of a candidate (src/adapters/reclaim-ledger.ts). */
export interface Offer {
  readonly id: string;
  /** Unix ms. */
  readonly offeredAt: number;
  readonly deadline: number;
  readonly answer?: Answer;
}

/** What a scan does with a candidate that is idle now. */
export type ScanDecision =
  /** Nothing offered yet, or a keep ran out: offer (a message with buttons, or a dry-run line). */
  | 'offer'
  /** Offered, unanswered, deadline ahead: the delayed deadline job decides. */
  | 'wait'
  /** Kept by someone until a time still ahead. */
  | 'kept'
  /** Released, or its deadline passed without a release: nothing more until it is busy and idle again. */
  | 'done';

export function scanDecision(offer: Offer | undefined, now: number): ScanDecision {
  if (!offer) return 'offer';
  const answer = offer.answer;
  if (!answer) return 'wait';
  if (answer.kind === 'kept') return answer.until > now ? 'kept' : 'offer';
  return 'done';
}

/** What the deadline job of one offer does. */
export type DeadlineDecision =
  | { readonly do: 'nothing'; readonly why: 'gone' | 'stale' | 'answered' }
  /** Busy again: the offer is withdrawn, nothing released. */
  | { readonly do: 'withdraw' }
  /** Unanswered, still idle, `auto: true` and not a dry run: scale to 0 on behalf of the policy. */
  | { readonly do: 'release' }
  /** Unanswered, still idle, without `auto` (or a dry run): said so, nothing done. */
  | { readonly do: 'expire' };

export function deadlineDecision(input: {
  readonly offer: Offer | undefined;
  /** The offer the job was scheduled for. */
  readonly offeredAt: number;
  readonly stillIdle: boolean;
  readonly auto: boolean;
  readonly dryRun: boolean;
}): DeadlineDecision {
  const { offer } = input;
  if (!offer) return { do: 'nothing', why: 'gone' };
  if (offer.offeredAt !== input.offeredAt) return { do: 'nothing', why: 'stale' };
  if (offer.answer) return { do: 'nothing', why: 'answered' };
  if (!input.stillIdle) return { do: 'withdraw' };
  return input.auto && !input.dryRun ? { do: 'release' } : { do: 'expire' };
}

/** How long a Keep button keeps. */
export const KEEP_FOR = { '4h': 4 * 3600_000, '1d': 24 * 3600_000 } as const;
export type KeepFor = keyof typeof KEEP_FOR;

const POLICY_PREFIX = 'kanaria:gpu-reclaim:';

/**
 * Who asks for a release nobody answered (`auto: true`): the namespace's reclaim policy, never a Slack user. The
 * commit is Kanaria's (committer identity) and says on whose behalf.
 */
export const reclaimPolicyRequester = (namespace: string): Person => ({
  id: `${POLICY_PREFIX}${namespace}`,
  name: 'Kanaria GPU reclaim policy',
  groups: [],
});

/** The namespace whose reclaim policy a requester is; undefined for a person. */
export const reclaimPolicyNamespace = (person: { readonly id: string }): string | undefined =>
  person.id.startsWith(POLICY_PREFIX) ? person.id.slice(POLICY_PREFIX.length) : undefined;
