import type { KnownBlock } from '@slack/types';
import type { Message } from '../chat.js';
import type { GpuReport } from '../domain/gpu.js';
import { gpuReportText, idleGpuLines, type IdleSection } from './gpu-text.js';
import { clip, codeBlock, context, escape, section } from './gitops.js';

/**
 * The GPU report in Slack: the totals, the table per product and pool (free first) in a code block so it
 * lines up, pending GPU pods and the top namespaces, then allocated but idle GPUs (from DCGM, when given) in
 * their own block; long lists are cut with a count to stay within Slack's 3000 characters per block.
 */
export function gpuReportMessage(report: GpuReport, scope: string, note?: string, idle?: IdleSection): Message {
  const t = report.totals;
  const title =
    report.rows.length === 0
      ? `GPU report (${scope}): no GPU nodes`
      : `GPU report (${scope}): ${t.free} free of ${t.allocatable} GPUs (${t.requested} requested, ${t.nodes} nodes)`;
  if (report.rows.length === 0) {
    return {
      text: title,
      blocks: [
        section(
          `*${escape(title)}*\nNo node reports \`nvidia.com/gpu\` (or MIG or shared GPU) capacity${scope === 'whole cluster' ? '' : ' in this scope'}.`,
        ),
      ],
    };
  }
  const text = gpuReportText(report, { rows: 12, pending: 8, namespaces: 5 });
  const [, ...body] = text.split('\n');
  const blocks: KnownBlock[] = [section(`*${escape(title)}*`), section(codeBlock(escape(body.join('\n').trim())))];
  const idleLines = idle ? idleGpuLines(idle) : [];
  if (idleLines.length) blocks.push(section(codeBlock(escape(idleLines.join('\n')))));
  if (note) blocks.push(context(clip(escape(note), 2000)));
  return { text: title, blocks };
}
