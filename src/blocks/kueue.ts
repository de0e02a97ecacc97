import type { KnownBlock } from '@slack/types';
import type { Message } from '../domain/chat.js';
import type { WhyAnswer } from '../domain/gpu-why.js';
import type { KueueReport, PendingWorkload } from '../domain/kueue.js';
import { clip, escape } from '../domain/quote.js';
import type { Words } from '../i18n/index.js';
import { restingNode } from './gpu-text.js';
import { codeBlock, context, section } from './gitops.js';

const requestsText = (t: Words, requests: Readonly<Record<string, number>>): string =>
  Object.entries(requests)
    .map(([r, n]) => `${n} ${r}`)
    .join(t('common.listSeparator'));

const pendingLine = (t: Words, p: PendingWorkload): string => {
  const facts = {
    workload: `${p.namespace}/${p.name}`,
    requests: requestsText(t, p.requests),
    reason: p.message ?? t('kueue.report.notYet'),
  };
  if (p.state === 'reserved')
    return t('kueue.report.reservedWorkload', {
      ...facts,
      clusterQueue: p.clusterQueue ?? '?',
      ...(p.message !== undefined && { message: p.message, context: 'said' }),
    });
  return p.clusterQueue
    ? t('kueue.report.pendingWorkload', { ...facts, clusterQueue: p.clusterQueue, position: p.position, of: p.of })
    : t('kueue.report.pendingNoQueue', facts);
};

/** The Kueue section as lines: GPU quota per ClusterQueue and flavor, then pending GPU workloads in queue order. */
export function kueueLines(t: Words, report: KueueReport, limits = { queues: 12, pending: 8 }): string[] {
  if (report.queues.length === 0 && report.pending.length === 0) return [];
  const out = [t('kueue.report.title')];
  for (const q of report.queues.slice(0, limits.queues)) {
    const extra = [
      q.borrowed > 0 && t('kueue.report.borrowed', { count: q.borrowed }),
      q.borrowingLimit !== undefined && t('kueue.report.borrowingLimit', { count: q.borrowingLimit }),
      q.lendingLimit !== undefined && t('kueue.report.lendingLimit', { count: q.lendingLimit }),
      q.borrowable > 0 && t('kueue.report.borrowable', { count: q.borrowable }),
    ].filter((part): part is string => typeof part === 'string');
    const line = t('kueue.report.queue', { ...q });
    out.push(`  ${extra.length ? `${line} (${extra.join(t('common.listSeparator'))})` : line}`);
  }
  if (report.queues.length > limits.queues)
    out.push(`  ${t('kueue.report.moreQueues', { count: report.queues.length - limits.queues })}`);
  for (const c of (report.counts ?? []).slice(0, limits.queues)) out.push(`  ${t('kueue.report.counted', { ...c })}`);
  if (report.pending.length) {
    out.push(t('kueue.report.pending', { count: report.pending.length }));
    for (const p of report.pending.slice(0, limits.pending)) out.push(`  ${pendingLine(t, p)}`);
    if (report.pending.length > limits.pending)
      out.push(`  ${t('common.andMore', { count: report.pending.length - limits.pending })}`);
  }
  return out;
}

/** The report's Kueue section as a block (none without GPU queues), or a note of why Kueue could not be read. */
export function kueueBlocks(t: Words, section: { report?: KueueReport; unreadable?: string }): KnownBlock[] {
  if (section.unreadable)
    return [context(clip(escape(t('kueue.report.unreadable', { reason: section.unreadable })), 2000))];
  const lines = section.report ? kueueLines(t, section.report) : [];
  return lines.length ? [{ type: 'section', text: { type: 'mrkdwn', text: codeBlock(escape(lines.join('\n'))) } }] : [];
}

/** What the pod or workload asks for: GPUs per pod (and pods), the product it selects, its MIG profile. */
function asksLine(t: Words, answer: WhyAnswer): string {
  const { ask } = answer.target;
  const requests = requestsText(t, ask.requests);
  const { product, products, profile } = answer.asks;
  let what = product
    ? t('kueue.why.onProduct', { requests, product })
    : products
      ? t('kueue.why.onProducts', { requests, products: products.join(t('common.listSeparator')) })
      : requests;
  if (profile) what = t('kueue.why.profile', { what, profile });
  return ask.pods > 1 ? t('kueue.why.asksPods', { what, count: ask.pods }) : t('kueue.why.asks', { what });
}

function reasonLine(t: Words, answer: WhyAnswer, reason: WhyAnswer['reasons'][number]): string {
  const { capacity, target } = answer;
  const list = (items: readonly string[]) => items.slice(0, 10).join(t('common.listSeparator'));
  switch (reason) {
    case 'gated':
      return t('kueue.why.reasons.gated', { gates: (target.gated ?? []).join(', ') });
    case 'full':
      return t('kueue.why.reasons.full', {
        free: Object.values(capacity.free).reduce((s, n) => s + n, 0),
        nodes: capacity.offering,
        count: capacity.offering,
      });
    case 'resting':
      return t('kueue.why.reasons.resting', { nodes: list(capacity.resting.map((n) => restingNode(t, n))) });
    case 'tainted':
      return t('kueue.why.reasons.tainted', {
        nodes: list(capacity.tainted.map((n) => `${n.node} (${n.taints.join(', ')})`)),
      });
    case 'room':
      return t('kueue.why.reasons.room', { count: capacity.fits.length, nodes: list(capacity.fits) });
    case 'short':
      return t('kueue.why.reasons.short', {
        fit: capacity.podsFit,
        count: target.ask.pods,
        nodes: list(capacity.fits),
      });
    default:
      return t(`kueue.why.reasons.${reason}`);
  }
}

/** Kueue's side: the workload, its queue and place, Kueue's own words, the quota and what borrowing could give. */
function kueueLinesOf(t: Words, kueue: NonNullable<WhyAnswer['kueue']>): string[] {
  const head = [
    t('kueue.why.kueue.workload', { workload: kueue.workload }),
    kueue.queue &&
      kueue.clusterQueue &&
      t('kueue.why.kueue.queue', { queue: kueue.queue, clusterQueue: kueue.clusterQueue }),
    t(`kueue.why.kueue.state.${kueue.state}`),
    kueue.position !== undefined && t('kueue.why.kueue.position', { position: kueue.position, of: kueue.of }),
  ].filter((part): part is string => typeof part === 'string');
  const out = [`• ${head.join(t('common.listSeparator'))}`];
  if (kueue.message) out.push(`• ${t('kueue.why.kueue.says', { message: kueue.message })}`);
  if (!kueue.clusterQueue) out.push(`• ${t('kueue.why.kueue.noQueue')}`);
  for (const q of kueue.quotas) out.push(`• ${t('kueue.why.kueue.quota', { ...q })}`);
  return out;
}

/** The private answer to `/gpu why`: a title, the reasons, then the facts behind them. */
export function whyMessage(t: Words, answer: WhyAnswer, note?: string): Message {
  const target = `${answer.target.namespace}/${answer.target.name}`;
  if (answer.target.node) {
    const title = t('kueue.why.titleRunning', { target });
    const text = `*${escape(title)}*\n${escape(t('kueue.why.running', { node: answer.target.node }))}`;
    return { text: title, blocks: [section(text)] };
  }
  const title = t('kueue.why.title', { target });
  const lines = answer.reasons.map((r) => `• ${reasonLine(t, answer, r)}`);
  const facts = [`• ${asksLine(t, answer)}`];
  if (answer.target.scheduler) facts.push(`• ${t('kueue.why.scheduler', { message: answer.target.scheduler })}`);
  if (answer.capacity.elsewhere.length)
    facts.push(
      `• ${t('kueue.why.elsewhere', {
        products: answer.capacity.elsewhere.map((e) => `${e.product}: ${e.free}`).join(t('common.listSeparator')),
      })}`,
    );
  if (answer.kueue) facts.push(...kueueLinesOf(t, answer.kueue));
  const blocks: KnownBlock[] = [
    section(clip(`*${escape(title)}*\n${escape(lines.join('\n'))}`, 2990)),
    section(clip(escape(facts.join('\n')), 2990)),
  ];
  if (note) blocks.push(context(clip(escape(note), 2000)));
  return { text: `${title}: ${answer.reasons.map((r) => reasonLine(t, answer, r)).join(' ')}`, blocks };
}
