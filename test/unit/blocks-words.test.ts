import { describe, expect, it } from 'vitest';
import { verdictMessage } from '../../src/blocks/analysis.js';
import { announcement, dryRunMessage, historyMessage, type ChangeStatus } from '../../src/blocks/gitops.js';
import { gpuAlertMessage, gpuReportMessage, gpuResolvedMessage } from '../../src/blocks/gpu.js';
import { gpuReportText } from '../../src/blocks/gpu-text.js';
import { noticeMessage, reconcileMessage } from '../../src/blocks/reconcile.js';
import { statusMessage } from '../../src/blocks/status.js';
import type { Message } from '../../src/domain/chat.js';
import type { GpuAlert, GpuReport } from '../../src/domain/gpu.js';
import { wordsFor } from '../../src/i18n/index.js';

const EN = wordsFor('en');
const JA = wordsFor('ja');
const SHA = '3f1c2a9d0b7e4c6a8f5d2e1b0a9c8d7e6f5a4b3c';

/** Everything a message shows: its fallback text and the JSON of its blocks. */
const shown = (message: Message): string => `${message.text}\n${JSON.stringify(message.blocks ?? [])}`;
/** A catalog key that reached a person instead of its words (i18next answers a missing key with the key). */
const LEAKED_KEY = /\b(blocks|common|help|grammar)\.[a-zA-Z]+/;
const KANA = /[ぁ-んァ-ヶ]/;

const report: GpuReport = {
  rows: [
    {
      kind: 'gpu',
      product: 'NVIDIA-A100-SXM4-80GB',
      pool: 'a100-pool',
      resource: 'nvidia.com/gpu',
      unit: 1,
      nodes: 2,
      capacity: 16,
      allocatable: 16,
      requested: 12,
      free: 2,
      unavailable: 2,
      unhealthy: 0,
      utilisation: 0.75,
      equivalents: { capacity: 16, allocatable: 16, requested: 12, free: 2 },
    },
  ],
  totals: { nodes: 2, capacity: 16, allocatable: 16, requested: 12, free: 2 },
  equivalents: { capacity: 16, allocatable: 16, requested: 12, free: 2 },
  cordonedOrNotReady: [{ node: 'gpu-node-2', cordoned: true, ready: true }],
  unhealthyNodes: [],
  pending: [
    {
      namespace: 'ml',
      name: 'train-0',
      requests: { 'nvidia.com/gpu': 8 },
      waitingSeconds: 5_400,
      reason: { why: 'scheduler', message: 'Insufficient' },
    },
  ],
  namespaces: [{ namespace: 'ml', gpus: 10, mig: { '1g.10gb': 7 }, shared: 4, equivalents: 12, pods: 3 }],
};

const statuses: ChangeStatus[] = [
  { kind: 'committing', attempt: 1 },
  { kind: 'committing', attempt: 2 },
  { kind: 'unchanged', summary: 'nginx:1.27.0 already' },
  { kind: 'pushed', sha: SHA, branch: 'main' },
  { kind: 'retrying', reason: 'The remote did not answer.', attempt: 1, attempts: 5 },
  { kind: 'failed', reason: 'The remote did not answer.' },
];

/** One of each message the blocks make, in the given words. */
const everything = (t: typeof EN): Message[] => [
  ...statuses.map((status) => announcement(t, 'U0ANA', 'deploy `web` → `nginx:1.27.0`', status)),
  dryRunMessage(t, 'deploy `web`', ''),
  historyMessage(t, 'web', 'main', []),
  reconcileMessage(t, {
    app: 'web',
    application: 'argocd/web',
    revision: SHA,
    reached: 2,
    automated: true,
    ending: { kind: 'timeout', afterSeconds: 90 },
  }),
  noticeMessage(t, { app: 'web', application: 'argocd/web', notice: 'drift', revision: SHA }),
  statusMessage(t, { app: 'web', git: { head: SHA }, inFlight: true }),
  verdictMessage(
    t,
    'web',
    {
      verdict: {
        verdict: 'inconclusive',
        score: 50,
        reason: { why: 'mostly-no-data', missing: 1, total: 1 },
        metrics: [
          {
            name: 'successRate',
            result: 'nodata',
            critical: true,
            reason: { why: 'no-data', side: 'canary' },
            points: { canary: 0, stable: 0 },
          },
        ],
      },
      series: [],
      window: { start: 0, end: 1_800, step: 15 },
    },
    undefined,
  ),
  gpuReportMessage(t, report, { kind: 'pool', name: 'a100-pool' }),
  gpuReportMessage(t, report, { kind: 'namespace', name: 'ml' }),
  gpuReportMessage(t, { ...report, rows: [] }, undefined),
  { text: gpuReportText(t, report) },
];

describe('the blocks in either language', () => {
  it.each([
    ['English', EN],
    ['Japanese', JA],
  ] as const)('leave no catalog key unworded in %s', (_, t) => {
    const leaked = everything(t)
      .map(shown)
      .filter((text) => LEAKED_KEY.test(text));
    expect(leaked).toEqual([]);
  });

  it('say everything in Japanese for a Japanese channel, identifiers as they are', () => {
    const english = everything(JA)
      .map((m) => m.text)
      .filter((text) => !KANA.test(text));
    expect(english).toEqual([]);
    const [committing, requeued, , pushed] = everything(JA);
    expect(committing?.text).toBe(
      ':hourglass_flowing_sand: <@U0ANA> さんの依頼: deploy `web` → `nginx:1.27.0`: コミットしています…',
    );
    expect(requeued?.text).toContain('再試行しています（2回目）');
    expect(pushed?.text).toContain('`3f1c2a9` を `main` にプッシュしました');
  });

  it('format numbers and durations per language', () => {
    const timeout = (t: typeof EN) =>
      reconcileMessage(t, {
        app: 'web',
        application: 'argocd/web',
        revision: SHA,
        reached: 2,
        automated: false,
        ending: { kind: 'timeout', afterSeconds: 150 },
      }).blocks?.[1];
    expect(JSON.stringify(timeout(EN))).toContain('Not live after 3 min;');
    expect(JSON.stringify(timeout(JA))).toContain('3分経っても反映されないため');
    const big = { ...report.totals, allocatable: 12_000, free: 1_500 };
    expect(gpuReportText(EN, { ...report, totals: big }).split('\n')[0]).toBe(
      'GPUs: 1,500 free of 12,000 allocatable (16 capacity) on 2 nodes; 12 requested (0%).',
    );
    expect(gpuReportText(JA, report)).toContain('  ml/train-0（8 nvidia.com/gpu）、90分待機中: Insufficient');
  });
});

describe('GPU alerts', () => {
  const free: GpuAlert = { kind: 'free', product: 'NVIDIA-A100-SXM4-80GB', free: 1, min: 4 };
  const pending: GpuAlert = {
    kind: 'pending',
    pod: 'ml/<huge>',
    waitedMinutes: 12,
    requests: { 'nvidia.com/gpu': 16 },
    reason: { why: 'scheduler', message: '0/5 nodes are available' },
  };

  it('lists what was raised, in the plural when there are several, escaped', () => {
    expect(gpuAlertMessage(EN, [free]).text).toBe(
      ':rotating_light: GPU alert:\n• NVIDIA-A100-SXM4-80GB: 1 GPU free, fewer than 4',
    );
    expect(gpuAlertMessage(EN, [{ ...free, free: 0 }, pending]).text).toBe(
      ':rotating_light: GPU alerts:\n• NVIDIA-A100-SXM4-80GB: 0 GPUs free, fewer than 4\n• ml/&lt;huge&gt; has waited 12 min for 16 nvidia.com/gpu: 0/5 nodes are available',
    );
    expect(gpuAlertMessage(JA, [free]).text).toBe(
      ':rotating_light: GPUアラート:\n• NVIDIA-A100-SXM4-80GB: 空きGPUが1個で、4個を下回っています',
    );
  });

  it('lists at most 20, then how many more', () => {
    const many = Array.from({ length: 23 }, (_, i): GpuAlert => ({ ...free, product: `P${i}` }));
    const lines = gpuAlertMessage(EN, many).text.split('\n');
    expect(lines).toHaveLength(22);
    expect(lines.at(-1)).toBe('… and 3 more');
  });

  it('says which are over, by name', () => {
    expect(gpuResolvedMessage(EN, ['pending:ml/huge-0', 'free:NVIDIA-L4']).text).toBe(
      ':white_check_mark: Resolved: `ml/huge-0`, `NVIDIA-L4`',
    );
    const many = Array.from({ length: 22 }, (_, i) => `free:P${i}`);
    expect(gpuResolvedMessage(EN, many).text).toMatch(/`P19` and 2 more$/);
    expect(gpuResolvedMessage(JA, ['pending:ml/huge-0', 'free:NVIDIA-L4']).text).toBe(
      ':white_check_mark: 解消しました: `ml/huge-0`, `NVIDIA-L4`',
    );
  });
});
