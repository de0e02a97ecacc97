import type { KnownBlock } from '@slack/types';
import type { Message } from '../domain/chat.js';
import type { GpuAlert, GpuReport } from '../domain/gpu.js';
import type { Words } from '../i18n/index.js';
import { gpuReportText, heldText, idleGpuLines, pendingReason, type IdleSection } from './gpu-text.js';
import { clip, codeBlock, context, escape, section } from './gitops.js';

/** What a report covers: one pool, node or namespace; the whole cluster when absent. */
export interface GpuScope {
  readonly kind: 'pool' | 'node' | 'namespace';
  readonly name: string;
}

/**
 * The GPU report in Slack: the totals, the table per product and pool (free first) in a code block so it
 * lines up, pending GPU pods and the top namespaces, then allocated but idle GPUs (from DCGM, when given) in
 * their own block; long lists are cut with a count to stay within Slack's 3000 characters per block. A
 * namespace's report is titled with what it holds (whole GPUs, MIG slices, shared replicas, GPU-equivalents):
 * the whole-GPU totals of the nodes it runs on are not its share.
 */
export function gpuReportMessage(
  t: Words,
  report: GpuReport,
  scope: GpuScope | undefined,
  note?: string,
  idle?: IdleSection,
): Message {
  const covers = scope ? t(`blocks.gpu.scope.${scope.kind}`, { name: scope.name }) : t('blocks.gpu.scope.cluster');
  if (report.rows.length === 0) {
    const title = t('blocks.gpu.titleEmpty', { scope: covers });
    const none = t(scope ? 'blocks.gpu.noCapacityInScope' : 'blocks.gpu.noCapacity');
    return { text: title, blocks: [section(`*${escape(title)}*\n${none}`)] };
  }
  const share = scope?.kind === 'namespace' ? report.namespaces.find((n) => n.namespace === scope.name) : undefined;
  const title = share
    ? t('blocks.gpu.titleNamespace', { scope: covers, held: heldText(t, share), count: share.pods })
    : t('blocks.gpu.title', { scope: covers, ...report.totals });
  const text = gpuReportText(t, report, { rows: 12, pending: 8, namespaces: 5 });
  const [, ...body] = text.split('\n');
  const blocks: KnownBlock[] = [section(`*${escape(title)}*`), section(codeBlock(escape(body.join('\n').trim())))];
  const idleLines = idle ? idleGpuLines(t, idle) : [];
  if (idleLines.length) blocks.push(section(codeBlock(escape(idleLines.join('\n')))));
  if (note) blocks.push(context(clip(escape(note), 2000)));
  return { text: title, blocks };
}

/** Alerts listed in one message; the rest are counted. */
const MAX_ALERTS = 20;

function alertLine(t: Words, alert: GpuAlert): string {
  if (alert.kind === 'free')
    return t('blocks.gpu.alerts.free', { product: escape(alert.product), count: alert.free, min: alert.min });
  const requests = Object.entries(alert.requests).map(([resource, n]) => `${n} ${resource}`);
  return t('blocks.gpu.alerts.pending', {
    pod: escape(alert.pod),
    minutes: alert.waitedMinutes,
    requests: escape(requests.join(t('common.listSeparator'))),
    reason: escape(pendingReason(t, alert.reason)),
  });
}

/** The alerts a check raised, posted once per episode in the alert channel. */
export function gpuAlertMessage(t: Words, alerts: readonly GpuAlert[]): Message {
  const lines = alerts.slice(0, MAX_ALERTS).map((alert) => `• ${alertLine(t, alert)}`);
  if (alerts.length > MAX_ALERTS) lines.push(t('common.andMore', { count: alerts.length - MAX_ALERTS }));
  return { text: [t('blocks.gpu.alerts.title', { count: alerts.length }), ...lines].join('\n') };
}

/** The alerts that are over, by their keys (`free:<product>`, `pending:<namespace>/<pod>`). */
export function gpuResolvedMessage(t: Words, keys: readonly string[]): Message {
  const names = keys
    .slice(0, MAX_ALERTS)
    .map((key) => `\`${escape(key.replace(/^(free|pending):/, ''))}\``)
    // Code spans: ", " in every language (see the quote formatter in src/i18n/index.ts).
    .join(', ');
  return {
    text:
      keys.length > MAX_ALERTS
        ? t('blocks.gpu.alerts.resolvedMore', { names, count: keys.length - MAX_ALERTS })
        : t('blocks.gpu.alerts.resolved', { names }),
  };
}
