import type { KnownBlock } from '@slack/types';
import type { Message } from '../domain/chat.js';
import type { Candidate, GpusHeld, Owner } from '../domain/gpu-reclaim.js';
import type { Words } from '../i18n/index.js';
import { context, section } from './gitops.js';

/** The buttons of an offer: each re-enters as `/gpu keep <id> 4h|1d` or `/gpu release <id>` (src/slack/actions.ts). */
export const RECLAIM_ACTIONS = {
  keep4h: 'kanaria:gpu-keep-4h',
  keep1d: 'kanaria:gpu-keep-1d',
  release: 'kanaria:gpu-release',
} as const;

/** A time as Slack shows it to each reader, in their own time zone and language. */
export const slackTime = (ms: number): string =>
  `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${new Date(ms).toISOString()}>`;

/** `2× GPU, 1× 1g.10gb`: units of the same kind added up. */
export function gpusText(t: Words, gpus: readonly GpusHeld[]): string {
  const sum = new Map<string, GpusHeld>();
  for (const g of gpus) {
    const key = `${g.kind}/${g.profile ?? ''}/${g.replicas ?? ''}`;
    const before = sum.get(key);
    sum.set(
      key,
      before ? { ...before, count: before.count + g.count, equivalent: before.equivalent + g.equivalent } : g,
    );
  }
  return [...sum.values()]
    .map((g) =>
      g.kind === 'mig'
        ? t('reclaim.gpus.mig', { count: g.count, profile: g.profile ?? '?' })
        : g.kind === 'shared'
          ? t('reclaim.gpus.shared', { count: g.count, replicas: g.replicas ?? 1 })
          : t('reclaim.gpus.gpu', { count: g.count }),
    )
    .join(', ');
}

export const workloadText = (t: Words, c: Pick<Candidate, 'workload' | 'pod'>): string =>
  c.workload
    ? t(`reclaim.workload.${c.workload.kind}`, { name: c.workload.name })
    : t('reclaim.workload.pod', { name: c.pod ?? '?' });

export const appText = (t: Words, c: Pick<Candidate, 'app'>): string =>
  c.app === undefined ? t('reclaim.noApp') : t('reclaim.app', { app: c.app });

/** The owner as a mention: a Slack user, or the user the directory found for the e-mail, else the e-mail. */
export const ownerText = (t: Words, owner: Owner | undefined, found?: string): string =>
  found !== undefined
    ? `<@${found}>`
    : owner === undefined
      ? t('reclaim.ownerNone')
      : 'user' in owner
        ? `<@${owner.user}>`
        : owner.email;

export const allGpus = (c: Candidate): GpusHeld[] => c.pods.flatMap((p) => p.gpus);

/** How an offer stands, for its message. */
export type OfferState =
  | { readonly kind: 'open' }
  | { readonly kind: 'kept'; readonly until: number; readonly by: string }
  | { readonly kind: 'released'; readonly by: string; readonly sha?: string }
  | { readonly kind: 'released-by-policy'; readonly sha?: string }
  | { readonly kind: 'expired'; readonly why?: string }
  | { readonly kind: 'withdrawn' }
  /** A release that made no commit (refused, failed, nothing to change); `why` in the channel's words. */
  | { readonly kind: 'not-released'; readonly why: string }
  /** The deadline job failed for good: nothing released; `why` in the channel's words. */
  | { readonly kind: 'unchecked'; readonly why: string };

export interface OfferFacts {
  readonly candidate: Candidate;
  /** The owner's Slack user when found by e-mail. */
  readonly ownerUser?: string;
  readonly window: string;
  readonly deadline: number;
  readonly auto: boolean;
  readonly dryRun: boolean;
  readonly state: OfferState;
}

function stateLine(t: Words, c: Candidate, state: OfferState): string | undefined {
  const app = appText(t, c);
  switch (state.kind) {
    case 'open':
      return undefined;
    case 'kept':
      return t('reclaim.offer.kept', { until: slackTime(state.until), by: state.by });
    case 'released':
      return state.sha
        ? t('reclaim.offer.releasedCommit', { by: state.by, app, sha: state.sha.slice(0, 7) })
        : t('reclaim.offer.released', { by: state.by, app });
    case 'released-by-policy':
      return state.sha
        ? t('reclaim.offer.releasedPolicyCommit', { namespace: c.namespace, app, sha: state.sha.slice(0, 7) })
        : t('reclaim.offer.releasedPolicy', { namespace: c.namespace, app });
    case 'expired':
      return state.why ? t('reclaim.offer.expiredWhy', { why: state.why }) : t('reclaim.offer.expired');
    case 'withdrawn':
      return t('reclaim.offer.withdrawn');
    case 'not-released':
      return t('reclaim.offer.notReleased', { why: state.why });
    case 'unchecked':
      return t('reclaim.offer.unchecked', { why: state.why });
  }
}

/** The offer in the namespace's channel, mentioning the owner; buttons while it is open (never in a dry run). */
export function offerMessage(t: Words, facts: OfferFacts): Message {
  const c = facts.candidate;
  const workload = workloadText(t, c);
  const title = t('reclaim.offer.title', {
    namespace: c.namespace,
    workload,
    app: appText(t, c),
    gpus: gpusText(t, allGpus(c)),
    activity: c.activityPercent,
    window: facts.window,
  });
  const owner = t('reclaim.offer.owner', { owner: ownerText(t, c.owner, facts.ownerUser) });
  const pods = c.pods.map((p) =>
    t('reclaim.offer.pod', {
      pod: p.name,
      node: p.node ?? '?',
      gpus: gpusText(t, p.gpus),
      activity: p.activityPercent,
    }),
  );
  const deadline = slackTime(facts.deadline);
  const then = facts.dryRun
    ? t('reclaim.offer.dryRun')
    : t(facts.auto && c.app !== undefined ? 'reclaim.offer.deadlineAuto' : 'reclaim.offer.deadlineNothing', {
        deadline,
      });
  const notes = [then, ...(c.app === undefined ? [t('reclaim.offer.noAppNote')] : [])].join('\n');
  const state = stateLine(t, c, facts.state);
  const blocks: KnownBlock[] = [section(`${title}\n${owner}\n${pods.join('\n')}`)];
  if (state) blocks.push(section(state));
  else blocks.push(context(notes));
  if (facts.state.kind === 'open' && !facts.dryRun) {
    const value = JSON.stringify({ id: c.id });
    const button = (actionId: string, text: string) => ({
      type: 'button' as const,
      action_id: actionId,
      text: { type: 'plain_text' as const, text },
      value,
    });
    blocks.push({
      type: 'actions',
      elements: [
        button(RECLAIM_ACTIONS.keep4h, t('reclaim.offer.keep4h')),
        button(RECLAIM_ACTIONS.keep1d, t('reclaim.offer.keep1d')),
        ...(c.app === undefined
          ? []
          : [
              {
                ...button(RECLAIM_ACTIONS.release, t('reclaim.offer.release')),
                style: 'danger' as const,
                confirm: {
                  title: { type: 'plain_text' as const, text: t('reclaim.offer.confirmTitle') },
                  text: {
                    type: 'mrkdwn' as const,
                    text: t('reclaim.offer.confirmText', { workload, namespace: c.namespace }),
                  },
                  confirm: { type: 'plain_text' as const, text: t('reclaim.offer.release') },
                  deny: { type: 'plain_text' as const, text: t('common.cancel') },
                },
              },
            ]),
      ],
    });
  }
  return { text: [title, state ?? then].join('\n'), blocks };
}

/** A candidate as `/gpu idle` lists it, with how its offer stands. */
export interface ListedCandidate {
  readonly candidate: Candidate;
  readonly state:
    | { readonly kind: 'new' }
    | { readonly kind: 'offered'; readonly deadline: number }
    | { readonly kind: 'kept'; readonly until: number }
    | { readonly kind: 'released' | 'expired' };
}

export interface CandidateList {
  readonly namespaces: readonly string[];
  readonly thresholdPercent: number;
  readonly window: string;
  readonly dryRun: boolean;
  readonly candidates: readonly ListedCandidate[];
  readonly unknown: readonly { readonly namespace: string; readonly pod: string; readonly why: string }[];
  readonly idleElsewhere: number;
}

const listState = (t: Words, state: ListedCandidate['state']): string =>
  state.kind === 'offered'
    ? t('reclaim.list.state.offered', { deadline: slackTime(state.deadline) })
    : state.kind === 'kept'
      ? t('reclaim.list.state.kept', { until: slackTime(state.until) })
      : t(`reclaim.list.state.${state.kind}`);

/** `/gpu idle`: the candidates of the opted-in namespaces, privately; the rest only as a figure. */
export function candidateListMessage(t: Words, list: CandidateList): Message {
  const facts = { namespaces: list.namespaces, threshold: list.thresholdPercent, window: list.window };
  const lines = [
    list.candidates.length === 0 ? t('reclaim.list.none', facts) : t('reclaim.list.title', facts),
    ...list.candidates.map(({ candidate: c, state }) =>
      t('reclaim.list.line', {
        namespace: c.namespace,
        workload: workloadText(t, c),
        app: appText(t, c),
        gpus: gpusText(t, allGpus(c)),
        activity: c.activityPercent,
        owner: ownerText(t, c.owner),
        state: listState(t, state),
        id: c.id,
      }),
    ),
    ...list.unknown.map((u) =>
      t(u.why === 'mig-needs-profiling' ? 'reclaim.list.unknownMig' : 'reclaim.list.unknownMetrics', u),
    ),
    ...(list.idleElsewhere > 0 ? [t('reclaim.list.elsewhere', { count: list.idleElsewhere })] : []),
    ...(list.dryRun ? [t('reclaim.list.dryRun')] : []),
  ];
  return { text: lines.join('\n') };
}
