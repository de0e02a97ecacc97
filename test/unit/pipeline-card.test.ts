import { describe, expect, it } from 'vitest';
import { pipelineCard, PROMOTE_STAGE_ACTION, type StageRow } from '../../src/blocks/pipeline.js';
import { wordsFor } from '../../src/i18n/index.js';
import { actions } from '../../src/slack/actions.js';

const en = wordsFor('en');
const ja = wordsFor('ja');
const AT = Date.parse('2026-12-03T10:00:00Z');
const rows: StageRow[] = [
  {
    stage: 'dev',
    app: 'web-dev',
    image: 'ghcr.io/acme/web:1.4.3',
    commit: { sha: '0123456789abcdef', author: 'Ana Lima', at: AT },
    argocd: { sync: 'Synced', health: 'Healthy' },
  },
  {
    stage: 'staging',
    app: 'web-staging',
    image: 'ghcr.io/acme/web:1.4.2',
    argocd: 'unchecked',
    canary: { phase: 'Paused', step: 3, steps: 8 },
    lock: { holder: 'U0BOB', reason: 'load test <today>' },
  },
  { stage: 'prod', app: 'web-prod', canary: 'unchecked' },
];
type Block = { type: string; text?: { text: string }; elements?: { text: { text: string }; value: string }[] };
const blocksOf = (t = en): Block[] => pipelineCard(t, { pipeline: 'web', rows }).blocks as Block[];
const sections = (t = en) =>
  blocksOf(t)
    .filter((b) => b.type === 'section')
    .map((b) => b.text?.text ?? '');
const buttons = (t = en) => blocksOf(t).flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
const promoteButton = actions.find((a) => a.actionId === PROMOTE_STAGE_ACTION);

describe('the pipeline card', () => {
  it('has a title and one row per stage, first to last', () => {
    const [title, dev, staging, prod] = sections();
    expect(title).toBe('*Pipeline `web`*');
    expect(dev).toBe(
      [
        '*dev* · `web-dev`',
        'Runs `ghcr.io/acme/web:1.4.3`',
        `Last commit \`0123456\` by Ana Lima, <!date^${AT / 1000}^{ago}|2026-12-03T10:00:00.000Z>`,
        'Argo CD: Synced / Healthy',
      ].join('\n'),
    );
    expect(staging).toContain('Argo CD: not checked');
    expect(staging).toContain('Canary: Paused, step 3/8');
    // A reason is the holder's words: escaped, it cannot mention anyone or break the mrkdwn.
    expect(staging).toContain(':lock: Locked by <@U0BOB>: load test &lt;today&gt;');
    expect(prod).toContain('Its manifest names no image Kanaria can read');
    expect(prod).toContain('Canary: not checked');
    expect(prod).not.toContain('Argo CD');
  });

  it('has a Promote to <next> button under each stage but the last', () => {
    expect(buttons().map((b) => b.text.text)).toEqual(['Promote to staging', 'Promote to prod']);
    expect(blocksOf().at(-2)?.type).not.toBe('actions');
  });

  it('says the same in Japanese', () => {
    const [title, dev, staging] = sections(ja);
    expect(title).toBe('*パイプライン `web`*');
    expect(dev).toContain('実行中: `ghcr.io/acme/web:1.4.3`');
    expect(dev).toContain('Argo CD: 同期 Synced / 健全性 Healthy');
    expect(staging).toContain('Argo CD: 未確認');
    expect(staging).toContain('カナリア: Paused 、ステップ 3/8');
    expect(staging).toContain('<@U0BOB> がロック中');
    expect(buttons(ja).map((b) => b.text.text)).toEqual(['staging にプロモート', 'prod にプロモート']);
  });

  it.each([
    ['en', en, { verdict: 'pass', score: 92 }, 'Canary: Paused, step 3/8 · last analysis PASS, score 92'],
    ['en', en, { verdict: 'fail', score: 40 }, 'Canary: Paused, step 3/8 · last analysis FAIL, score 40'],
    ['en', en, { verdict: 'inconclusive', score: 0 }, 'Canary: Paused, step 3/8 · last analysis INCONCLUSIVE, score 0'],
    ['ja', ja, { verdict: 'pass', score: 92 }, 'カナリア: Paused 、ステップ 3/8 · 前回の分析 合格 、スコア 92'],
    ['ja', ja, { verdict: 'fail', score: 40 }, 'カナリア: Paused 、ステップ 3/8 · 前回の分析 不合格 、スコア 40'],
  ] as const)('the canary row shows the last verdict (%s, %o)', (_, t, verdict, line) => {
    const judged: StageRow = {
      stage: 'staging',
      app: 'web-staging',
      canary: { phase: 'Paused', step: 3, steps: 8, verdict },
    };
    const [, row] = pipelineCard(t, { pipeline: 'web', rows: [judged] }).blocks as Block[];
    expect(row?.text?.text.split('\n')).toContain(line);
  });

  it('a canary without steps shows its verdict after its phase', () => {
    const judged: StageRow = {
      stage: 'prod',
      app: 'web-prod',
      canary: { phase: 'Progressing', verdict: { verdict: 'pass', score: 100 } },
    };
    const [, row] = pipelineCard(en, { pipeline: 'web', rows: [judged] }).blocks as Block[];
    expect(row?.text?.text).toContain('Canary: Progressing · last analysis PASS, score 100');
  });

  it('a press re-enters as /promote <pipeline> <stage> <next>', () => {
    const [first] = buttons();
    expect(promoteButton?.toCommand(first?.value ?? '')).toEqual({ command: 'promote', text: 'web dev staging' });
  });

  it('a forged value cannot smuggle words into the command', () => {
    const forged = JSON.stringify({ pipeline: 'web', from: 'dev', to: 'prod --override "x"' });
    expect(() => promoteButton?.toCommand(forged)).toThrow();
  });
});
