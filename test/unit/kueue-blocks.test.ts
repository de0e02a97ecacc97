import { describe, expect, it } from 'vitest';
import { kueueBlocks, kueueLines, whyMessage } from '../../src/blocks/kueue.js';
import { explainWait, whyNode, workloadTarget } from '../../src/domain/gpu-why.js';
import type { KueueReport, QueueRow } from '../../src/domain/kueue.js';
import { wordsFor } from '../../src/i18n/index.js';

const row = (clusterQueue: string, over: Partial<QueueRow> = {}): QueueRow => ({
  clusterQueue,
  flavor: 'a100',
  resource: 'nvidia.com/gpu',
  nominal: 8,
  used: 8,
  borrowed: 0,
  reserved: 8,
  borrowable: 0,
  ...over,
});

describe('the Kueue section of the GPU report', () => {
  it('says limits and borrowing only where there are some, and counts what it cuts', () => {
    const report: KueueReport = {
      queues: [
        row('team-a', { borrowed: 2, borrowingLimit: 4, borrowable: 1 }),
        ...Array.from({ length: 13 }, (_, i) => row(`q${i}`)),
      ],
      pending: Array.from({ length: 10 }, (_, i) => ({
        namespace: 'ml',
        name: `job-${i}`,
        clusterQueue: 'team-a',
        position: i + 1,
        of: 10,
        requests: { 'nvidia.com/gpu': 4 },
        state: 'pending' as const,
      })),
    };
    const lines = kueueLines(wordsFor('en'), report);
    expect(lines[0]).toBe('Queues (Kueue):');
    expect(lines[1]).toBe(
      '  team-a / a100 / nvidia.com/gpu: 8 used of 8 nominal quota (2 borrowed, may borrow 4, up to 1 more by borrowing)',
    );
    expect(lines[2]).toBe('  q0 / a100 / nvidia.com/gpu: 8 used of 8 nominal quota');
    expect(lines).toContain('  … and 2 more queue rows');
    expect(lines).toContain('Workloads waiting for GPU quota: 10');
    expect(lines).toContain('  1/10 in team-a: ml/job-0 (4 nvidia.com/gpu): not looked at by Kueue yet');
    expect(lines.at(-1)).toBe('  … and 2 more');
    expect(kueueLines(wordsFor('ja'), report)[1]).toBe(
      '  team-a / a100 / nvidia.com/gpu: クォータ 8 のうち 8 を使用 (2 を借用中、借用上限 4、借用であと最大 1)',
    );
  });

  it('a workload waiting for admission checks is told so, without a place in the queue', () => {
    const report: KueueReport = {
      queues: [row('team-a')],
      pending: [
        {
          namespace: 'ml',
          name: 'job-checked',
          clusterQueue: 'team-a',
          requests: { 'nvidia.com/gpu': 4 },
          state: 'reserved',
          message: 'The workload has not all checks ready',
        },
      ],
    };
    expect(kueueLines(wordsFor('en'), report)).toContain(
      '  in team-a, quota reserved, waiting for admission checks: ml/job-checked (4 nvidia.com/gpu): The workload has not all checks ready',
    );
    const { message: _, ...silent } = report.pending[0]!;
    expect(kueueLines(wordsFor('ja'), { ...report, pending: [silent] })).toContain(
      '  team-a でクォータ確保済み、アドミッションチェック待ち: ml/job-checked（4 nvidia.com/gpu）',
    );
  });

  it('no GPU queue, no section; an unreadable Kueue is a note', () => {
    expect(kueueBlocks(wordsFor('en'), { report: { queues: [], pending: [] } })).toEqual([]);
    expect(kueueBlocks(wordsFor('en'), {})).toEqual([]);
    expect(JSON.stringify(kueueBlocks(wordsFor('en'), { unreadable: 'HTTP 500' }))).toContain(
      'Kueue could not be read: HTTP 500',
    );
  });
});

describe('/gpu why in words', () => {
  it('a workload of several pods is told how many of them there is room for, in English and Japanese', () => {
    const spec = { containers: [{ name: 'c', resources: { limits: { 'nvidia.com/gpu': '8' } } }] };
    const target = workloadTarget({
      metadata: { name: 'train', namespace: 'ml' },
      spec: { podSets: [{ name: 'main', count: 4, template: { spec } }] },
    });
    const free = whyNode(
      {
        metadata: { name: 'a100-0' },
        status: { allocatable: { 'nvidia.com/gpu': '8' }, conditions: [{ type: 'Ready', status: 'True' }] },
      },
      {},
    );
    const answer = explainWait(target, [free]);
    expect(whyMessage(wordsFor('en'), answer).text).toContain(
      'Room for only 1 of its 4 pods now (a100-0): the others need GPUs that are taken.',
    );
    expect(whyMessage(wordsFor('ja'), answer).text).toContain('4 個のPodのうち 1 個分だけです（a100-0）');
  });
});
