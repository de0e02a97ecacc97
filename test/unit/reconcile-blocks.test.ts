import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import {
  noticeMessage,
  reconcileMessage,
  stepsReached,
  type Ending,
  type ReconcileView,
} from '../../src/blocks/reconcile.js';
import { statusMessage, type StatusView } from '../../src/blocks/status.js';
import { wordsFor } from '../../src/i18n/index.js';
import type { Message } from '../../src/domain/chat.js';
import { applicationState, type FailedResource, type Verdict } from '../../src/domain/argocd.js';
import type { CommitInfo } from '../../src/domain/commits.js';
import type { NotifyJob } from '../../src/queues/notify.js';

const EN = wordsFor('en');
const SHA = '3f1c2a9d0b7e4c6a8f5d2e1b0a9c8d7e6f5a4b3c';
const OLD = '9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d';
const HEAD = 'c0ffee1234567890abcdef1234567890abcdef12';
const app = (status: object, extra: object = {}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'web', namespace: 'argocd', resourceVersion: '42' },
  spec: {},
  status,
  ...extra,
});

/** The mrkdwn of every block, in order. */
const texts = (message: Message): string[] =>
  (message.blocks ?? []).map((block: KnownBlock) => {
    if (block.type === 'section') return block.text?.text ?? '';
    if (block.type === 'context') return block.elements.map((e) => ('text' in e ? e.text : '')).join(' ');
    return '';
  });

const view = (over: Partial<ReconcileView> = {}): ReconcileView => ({
  app: 'web',
  application: 'argocd/web',
  revision: SHA,
  reached: 1,
  automated: false,
  ...over,
});

const deployment: FailedResource = {
  kind: 'Deployment',
  name: 'web',
  namespace: 'web',
  message: 'Back-off restarting failed container web in pod web-7d4b9c-x2x9q',
};

describe('stepsReached', () => {
  const notDone = (stage: 'refreshing' | 'syncing' | 'progressing'): Verdict => ({ done: false, stage });
  const done = (outcome: 'healthy' | 'degraded' | 'missing' | 'failed'): Verdict => ({ done: true, outcome });

  it.each<[Verdict, number, number]>([
    [notDone('refreshing'), 1, 2],
    [notDone('syncing'), 1, 3],
    [notDone('syncing'), 2, 3],
    [notDone('progressing'), 2, 4],
    [done('healthy'), 1, 5],
    [done('healthy'), 4, 5],
    // Degraded or Missing: synced but not healthy; a failed operation: the sync step failed.
    [done('degraded'), 1, 4],
    [done('missing'), 2, 4],
    [done('failed'), 1, 2],
    // Never backwards: what was shown stays shown.
    [notDone('refreshing'), 3, 3],
    [notDone('syncing'), 4, 4],
    [notDone('refreshing'), 5, 5],
    [done('degraded'), 4, 4],
    [done('failed'), 4, 4],
  ])('%j after %i shown → %i', (verdict, shown, reached) => {
    expect(stepsReached(verdict, shown)).toBe(reached);
  });
});

describe('reconcileMessage', () => {
  it('titles the Application and the short sha, in progress until it ends', () => {
    const message = reconcileMessage(EN, view());
    expect(message.text).toBe('Argo CD `argocd/web` ← `3f1c2a9`: in progress');
    expect(texts(message)).toEqual([
      '*Argo CD `argocd/web` ← `3f1c2a9`*: in progress\n:white_check_mark: committed  :hourglass_flowing_sand: refresh requested  :white_small_square: syncing  :white_small_square: synced  :white_small_square: healthy',
    ]);
  });

  it.each<[string, Partial<ReconcileView>, string]>([
    [
      'just committed',
      { reached: 0 },
      ':hourglass_flowing_sand: committed  :white_small_square: refresh requested  :white_small_square: syncing  :white_small_square: synced  :white_small_square: healthy',
    ],
    [
      'refresh requested, syncing',
      { reached: 2 },
      ':white_check_mark: committed  :white_check_mark: refresh requested  :hourglass_flowing_sand: syncing  :white_small_square: synced  :white_small_square: healthy',
    ],
    [
      'auto-sync by Argo CD itself',
      { reached: 2, automated: true },
      ':white_check_mark: committed  :white_check_mark: refresh requested  :hourglass_flowing_sand: auto-sync  :white_small_square: synced  :white_small_square: healthy',
    ],
    [
      'synced, waiting for health',
      { reached: 4 },
      ':white_check_mark: committed  :white_check_mark: refresh requested  :white_check_mark: syncing  :white_check_mark: synced  :hourglass_flowing_sand: healthy',
    ],
    [
      'live',
      { reached: 5, ending: { kind: 'healthy' } },
      ':white_check_mark: committed  :white_check_mark: refresh requested  :white_check_mark: syncing  :white_check_mark: synced  :white_check_mark: healthy',
    ],
    [
      'live, auto-synced',
      { reached: 5, automated: true, ending: { kind: 'healthy' } },
      ':white_check_mark: committed  :white_check_mark: refresh requested  :white_check_mark: auto-sync  :white_check_mark: synced  :white_check_mark: healthy',
    ],
    [
      'sync failed',
      { reached: 3, ending: { kind: 'failed', resources: [] } },
      ':white_check_mark: committed  :white_check_mark: refresh requested  :white_check_mark: syncing  :x: synced  :white_small_square: healthy',
    ],
    [
      'Degraded after Progressing',
      { reached: 4, ending: { kind: 'degraded', resources: [] } },
      ':white_check_mark: committed  :white_check_mark: refresh requested  :white_check_mark: syncing  :white_check_mark: synced  :x: healthy',
    ],
    [
      'timed out waiting for the sync',
      { reached: 2, automated: true, ending: { kind: 'timeout', afterSeconds: 600 } },
      ':white_check_mark: committed  :white_check_mark: refresh requested  :x: auto-sync  :white_small_square: synced  :white_small_square: healthy',
    ],
    [
      'superseded before the refresh',
      { reached: 1, ending: { kind: 'superseded', by: OLD } },
      ':white_check_mark: committed  :x: refresh requested  :white_small_square: syncing  :white_small_square: synced  :white_small_square: healthy',
    ],
    [
      'retrying',
      { reached: 1, ending: { kind: 'retrying', message: 'timeout', attempt: 1, attempts: 3 } },
      ':white_check_mark: committed  :x: refresh requested  :white_small_square: syncing  :white_small_square: synced  :white_small_square: healthy',
    ],
  ])('shows the steps: %s', (_, over, steps) => {
    const [first] = texts(reconcileMessage(EN, view(over)));
    expect(first?.split('\n')[1]).toBe(steps);
  });

  it.each<[string, Ending, string, string | undefined]>([
    ['healthy', { kind: 'healthy' }, ':white_check_mark: live and Healthy', undefined],
    [
      'degraded, with message and resources',
      { kind: 'degraded', message: 'Deployment "web" exceeded its progress deadline', resources: [deployment] },
      ':x: Degraded',
      'Argo CD: Deployment "web" exceeded its progress deadline\n• `Deployment/web/web`: Back-off restarting failed container web in pod web-7d4b9c-x2x9q',
    ],
    ['degraded, nothing more known', { kind: 'degraded', resources: [] }, ':x: Degraded', undefined],
    [
      'missing, resources only',
      { kind: 'missing', resources: [{ kind: 'ClusterRole', name: 'web-reader', message: '' }] },
      ':x: resources Missing',
      '• `ClusterRole/web-reader`',
    ],
    [
      'failed, message only',
      { kind: 'failed', message: 'one or more objects failed to apply', resources: [] },
      ':x: sync failed',
      'Argo CD: one or more objects failed to apply',
    ],
    [
      'timeout',
      { kind: 'timeout', afterSeconds: 600 },
      ':hourglass: timed out',
      'Not live after 10 min; Kanaria stopped following it. Argo CD may still get there: check `/status`.',
    ],
    [
      'timeout, in seconds under two minutes',
      { kind: 'timeout', afterSeconds: 90 },
      ':hourglass: timed out',
      'Not live after 90 s; Kanaria stopped following it. Argo CD may still get there: check `/status`.',
    ],
    [
      'timeout, rounded to minutes',
      { kind: 'timeout', afterSeconds: 150 },
      ':hourglass: timed out',
      'Not live after 3 min; Kanaria stopped following it. Argo CD may still get there: check `/status`.',
    ],
    [
      'timeout, a day',
      { kind: 'timeout', afterSeconds: 86_400 },
      ':hourglass: timed out',
      'Not live after 1440 min; Kanaria stopped following it. Argo CD may still get there: check `/status`.',
    ],
    [
      'superseded',
      { kind: 'superseded', by: OLD },
      ':fast_forward: superseded',
      'A newer change `9e8d7c6` was pushed; its progress is followed in its own thread.',
    ],
    [
      'error with hint',
      {
        kind: 'error',
        message: '`web` has no Argo CD Application configured.',
        hint: 'Add apps.<app>.argocd to kanaria.yaml.',
      },
      ':x: could not reconcile',
      '`web` has no Argo CD Application configured.\nAdd apps.&lt;app&gt;.argocd to kanaria.yaml.',
    ],
    [
      'error without hint',
      { kind: 'error', message: 'The Argo CD Application `argocd/web` was deleted.' },
      ':x: could not reconcile',
      'The Argo CD Application `argocd/web` was deleted.',
    ],
    [
      'retrying',
      {
        kind: 'retrying',
        message: 'Kanaria could not reach the Kubernetes API: connect ECONNREFUSED',
        attempt: 2,
        attempts: 5,
      },
      ':warning: retrying',
      'Kanaria could not reach the Kubernetes API: connect ECONNREFUSED (attempt 2 of 5 failed; trying again).',
    ],
  ])('ends %s with its headline and detail', (_, ending, headline, detail) => {
    const message = reconcileMessage(EN, view({ reached: 3, ending }));
    expect(message.text).toBe(`Argo CD \`argocd/web\` ← \`3f1c2a9\`: ${headline}`);
    const [first, ...rest] = texts(message);
    expect(first?.split('\n')[0]).toBe(`*Argo CD \`argocd/web\` ← \`3f1c2a9\`*: ${headline}`);
    expect(rest).toEqual(detail === undefined ? [] : [detail]);
  });

  it('shows no commit and no steps when it stopped before knowing the revision (a /sync without cluster access)', () => {
    const message = reconcileMessage(
      EN,
      view({
        application: 'web',
        revision: '',
        reached: 1,
        ending: {
          kind: 'error',
          message: 'Kanaria has no access to the Kubernetes API, so it cannot ask Argo CD to sync.',
          hint: 'Run it in the cluster with its ServiceAccount, or set KUBECONFIG.',
        },
      }),
    );
    expect(message.text).toBe('Argo CD `web`: :x: could not reconcile');
    expect(texts(message)).toEqual([
      '*Argo CD `web`*: :x: could not reconcile',
      'Kanaria has no access to the Kubernetes API, so it cannot ask Argo CD to sync.\nRun it in the cluster with its ServiceAccount, or set KUBECONFIG.',
    ]);
  });

  it('lists at most 10 resources, then says how many more', () => {
    const resources = Array.from({ length: 12 }, (_, i): FailedResource => ({
      kind: 'Pod',
      name: `web-${i}`,
      namespace: 'web',
      message: 'CrashLoopBackOff',
    }));
    const [, detail] = texts(reconcileMessage(EN, view({ reached: 3, ending: { kind: 'degraded', resources } })));
    const lines = detail?.split('\n') ?? [];
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('• `Pod/web/web-0`: CrashLoopBackOff');
    expect(lines[9]).toBe('• `Pod/web/web-9`: CrashLoopBackOff');
    expect(lines[10]).toBe('… and 2 more');
  });

  it('lists exactly 10 resources without a "more" line', () => {
    const resources = Array.from({ length: 10 }, (_, i): FailedResource => ({
      kind: 'Pod',
      name: `web-${i}`,
      message: '',
    }));
    const [, detail] = texts(reconcileMessage(EN, view({ reached: 3, ending: { kind: 'missing', resources } })));
    expect(detail?.split('\n')).toHaveLength(10);
    expect(detail).not.toContain('more');
  });

  it('escapes <, > and & in what Argo CD and the Kubernetes API say', () => {
    const nasty = 'admission webhook "x" denied: <!channel> & <https://evil.example|click>';
    const escaped = 'admission webhook "x" denied: &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;';
    const endings: Ending[] = [
      { kind: 'failed', message: nasty, resources: [{ ...deployment, message: nasty }] },
      { kind: 'error', message: nasty, hint: nasty },
      { kind: 'retrying', message: nasty, attempt: 1, attempts: 3 },
    ];
    for (const ending of endings) {
      const [, detail] = texts(reconcileMessage(EN, view({ reached: 3, ending })));
      expect(detail).toContain(escaped);
      expect(detail).not.toMatch(/<|>|& /);
    }
  });

  it('adds what Argo CD last reported as context', () => {
    const state = applicationState(
      app(
        {
          sync: { status: 'OutOfSync', revision: OLD },
          health: { status: 'Healthy' },
          operationState: { phase: 'Running', syncResult: { revision: SHA } },
        },
        { operation: { sync: { revision: SHA } } },
      ),
    );
    expect(texts(reconcileMessage(EN, view({ reached: 3, state })))).toEqual([
      expect.stringContaining('in progress'),
      'sync OutOfSync at `9e8d7c6` · health Healthy · last operation Running',
    ]);
    const bare = applicationState(app({}));
    expect(texts(reconcileMessage(EN, view({ state: bare })))[1]).toBe('sync Unknown · health Unknown');
  });

  it('puts the detail before the context', () => {
    const state = applicationState(
      app({ sync: { status: 'Synced', revision: SHA }, health: { status: 'Degraded', message: 'crash loop' } }),
    );
    const message = reconcileMessage(
      EN,
      view({ reached: 4, state, ending: { kind: 'degraded', message: 'crash loop', resources: [] } }),
    );
    expect(message.blocks?.map((b) => b.type)).toEqual(['section', 'section', 'context']);
    expect(texts(message)[1]).toBe('Argo CD: crash loop');
  });
});

describe('noticeMessage', () => {
  const notice = (over: Partial<NotifyJob> & Pick<NotifyJob, 'notice'>): NotifyJob => ({
    app: 'web',
    application: 'argocd/web',
    ...over,
  });
  const footer = '`/status web` for details · `/sync web` to sync now';

  it.each<[string, NotifyJob, string, string[]]>([
    [
      'drift',
      notice({ notice: 'drift', revision: SHA }),
      'Argo CD `argocd/web` (web) :warning: is *OutOfSync* with Git, and no Kanaria change is in flight (drift or an outside commit) at `3f1c2a9`.',
      [],
    ],
    [
      'drift, no revision known',
      notice({ notice: 'drift' }),
      'Argo CD `argocd/web` (web) :warning: is *OutOfSync* with Git, and no Kanaria change is in flight (drift or an outside commit).',
      [],
    ],
    [
      'degraded, with message and resources',
      notice({
        notice: 'degraded',
        revision: SHA,
        message: 'Deployment "web" exceeded its progress deadline',
        resources: [deployment, { kind: 'Service', name: 'web', message: '' }],
      }),
      'Argo CD `argocd/web` (web) :x: is *Degraded* at `3f1c2a9`.',
      [
        'Argo CD: Deployment "web" exceeded its progress deadline\n• `Deployment/web/web`: Back-off restarting failed container web in pod web-7d4b9c-x2x9q\n• `Service/web`',
      ],
    ],
    [
      'degraded, no resources listed',
      notice({ notice: 'degraded', revision: SHA, resources: [] }),
      'Argo CD `argocd/web` (web) :x: is *Degraded* at `3f1c2a9`.',
      [],
    ],
    [
      'degraded, message only',
      notice({ notice: 'degraded', message: 'a <b> & c' }),
      'Argo CD `argocd/web` (web) :x: is *Degraded*.',
      ['Argo CD: a &lt;b&gt; &amp; c'],
    ],
    [
      'healthy',
      notice({ notice: 'healthy', revision: SHA }),
      'Argo CD `argocd/web` (web) :white_check_mark: is *Healthy* again at `3f1c2a9`.',
      [],
    ],
  ])('%s', (_, job, text, details) => {
    const message = noticeMessage(EN, job);
    expect(message.text).toBe(text);
    expect(texts(message)).toEqual([text, ...details, footer]);
    expect(message.blocks?.at(-1)?.type).toBe('context');
  });

  it('truncates a long resource list', () => {
    const resources = Array.from({ length: 25 }, (_, i) => ({ kind: 'Pod', name: `web-${i}`, message: 'OOMKilled' }));
    const [, detail] = texts(noticeMessage(EN, notice({ notice: 'degraded', resources })));
    expect(detail?.split('\n')).toHaveLength(11);
    expect(detail?.split('\n').at(-1)).toBe('… and 15 more');
  });
});

describe('statusMessage', () => {
  const last: CommitInfo = {
    sha: 'abc1234def5678abc1234def5678abc1234def56',
    authorName: 'Ana <ana>',
    authorEmail: 'ana@example.com',
    date: '2025-01-02T03:04:05Z',
    subject: 'web: image 1.2.3 → 1.2.4 & <more>',
    trailers: {},
  };
  const state = (status: object, extra: object = {}) => applicationState(app(status, extra));
  const synced = state({ sync: { status: 'Synced', revision: SHA }, health: { status: 'Healthy' } });
  const status = (over: Partial<StatusView>): StatusView => ({
    app: 'web',
    application: 'argocd/web',
    state: synced,
    git: { head: SHA },
    inFlight: false,
    ...over,
  });
  const lines = (v: StatusView): string[] => {
    const message = statusMessage(EN, v);
    expect(message.blocks).toHaveLength(1);
    expect(texts(message)).toEqual([message.text]);
    return message.text.split('\n');
  };

  it.each<[string, Partial<StatusView>, string]>([
    ['at the Git head', { git: { head: SHA, last } }, 'Sync: *Synced* at `3f1c2a9` — the Git head'],
    [
      "behind the app's last change",
      { git: { head: HEAD, last }, containsLastChange: false },
      "Sync: *Synced* at `3f1c2a9` — *behind*: the app's last change `abc1234` is not in it (Git head `c0ffee1`)",
    ],
    [
      "not at the head, but with the app's last change",
      { git: { head: HEAD, last }, containsLastChange: true },
      "Sync: *Synced* at `3f1c2a9` — includes the app's last change (Git head `c0ffee1` changed only other apps)",
    ],
    [
      'not at the head, unknown whether it has the last change',
      { git: { head: HEAD } },
      'Sync: *Synced* at `3f1c2a9` — Git head is `c0ffee1`',
    ],
    ['Git head unknown', { git: { head: '' } }, 'Sync: *Synced* at `3f1c2a9`'],
    [
      'no revision reported',
      { state: state({ sync: { status: 'Unknown' }, health: { status: 'Unknown' } }), git: { head: HEAD } },
      'Sync: *Unknown*',
    ],
  ])('compares the synced revision with Git: %s', (_, over, line) => {
    expect(lines(status(over))[1]).toBe(line);
  });

  it('names the app, the Application and auto-sync', () => {
    expect(lines(status({}))[0]).toBe('*web* · Argo CD `argocd/web`');
    expect(
      lines(
        status({
          state: state(
            { sync: { status: 'Synced', revision: SHA }, health: { status: 'Healthy' } },
            { spec: { syncPolicy: { automated: { prune: false, selfHeal: true } } } },
          ),
        }),
      )[0],
    ).toBe('*web* · Argo CD `argocd/web` · auto-sync');
  });

  it.each<[string, object, string]>([
    ['Healthy', { status: 'Healthy' }, 'Health: :large_green_circle: *Healthy*'],
    [
      'Progressing, with message',
      { status: 'Progressing', message: 'Waiting for rollout to finish: 0 of 1 updated replicas are available...' },
      'Health: :large_blue_circle: *Progressing* — Waiting for rollout to finish: 0 of 1 updated replicas are available...',
    ],
    [
      'Degraded, with an escaped message',
      { status: 'Degraded', message: 'probe failed: <html> & more' },
      'Health: :red_circle: *Degraded* — probe failed: &lt;html&gt; &amp; more',
    ],
    ['Suspended', { status: 'Suspended' }, 'Health: :double_vertical_bar: *Suspended*'],
    ['Missing', { status: 'Missing' }, 'Health: :black_circle: *Missing*'],
    ['Unknown', {}, 'Health: :white_circle: *Unknown*'],
  ])('shows health: %s', (_, health, line) => {
    expect(lines(status({ state: state({ sync: { status: 'Synced', revision: SHA }, health }) }))[2]).toBe(line);
  });

  it('shows an operation requested and not finished instead of the last one', () => {
    const pending = state(
      {
        sync: { status: 'OutOfSync', revision: OLD },
        health: { status: 'Healthy' },
        operationState: { phase: 'Failed', message: 'old', syncResult: { revision: OLD } },
      },
      { operation: { initiatedBy: { username: 'ana' }, sync: { revision: SHA } } },
    );
    const text = lines(status({ state: pending }));
    expect(text).toContain('Operation: requested (sync to `3f1c2a9`), not finished yet');
    expect(text.join('\n')).not.toContain('Last operation');
    const noRevision = state(
      { sync: { status: 'OutOfSync', revision: OLD }, health: { status: 'Healthy' } },
      { operation: { sync: { prune: true } } },
    );
    expect(lines(status({ state: noRevision }))).toContain('Operation: requested, not finished yet');
  });

  it('shows the last operation, escaped, and the failed resources', () => {
    const failed = state({
      sync: { status: 'OutOfSync', revision: SHA },
      health: { status: 'Degraded' },
      operationState: {
        phase: 'Failed',
        message: 'one or more objects failed to apply, reason: <nil> & co',
        syncResult: {
          revision: SHA,
          resources: [
            {
              group: 'apps',
              version: 'v1',
              kind: 'Deployment',
              namespace: 'web',
              name: 'web',
              status: 'SyncFailed',
              message: 'admission webhook "validate" denied the request',
            },
          ],
        },
      },
    });
    const text = lines(status({ state: failed }));
    expect(text).toContain(
      'Last operation: *Failed* at `3f1c2a9` — one or more objects failed to apply, reason: &lt;nil&gt; &amp; co',
    );
    expect(text).toContain('• `Deployment/web/web`: admission webhook "validate" denied the request');
    expect(
      lines(
        status({
          state: state({
            sync: { status: 'Synced', revision: SHA },
            health: { status: 'Healthy' },
            operationState: { phase: 'Succeeded' },
          }),
        }),
      ),
    ).toContain('Last operation: *Succeeded*');
  });

  it('shows the last change with its Slack author, else the escaped git author, and a change in flight', () => {
    const bySlack = lines(
      status({ git: { head: SHA, last: { ...last, trailers: { 'Slack-User': 'U0ALICE' } } }, inFlight: true }),
    );
    expect(bySlack).toContain('Last change: `abc1234` web: image 1.2.3 → 1.2.4 &amp; &lt;more&gt; (<@U0ALICE>)');
    expect(bySlack.at(-1)).toBe(':hourglass_flowing_sand: A Kanaria change to this app is being reconciled.');
    const byGit = lines(status({ git: { head: SHA, last } }));
    expect(byGit).toContain('Last change: `abc1234` web: image 1.2.3 → 1.2.4 &amp; &lt;more&gt; (Ana &lt;ana&gt;)');
    expect(byGit.join('\n')).not.toContain('being reconciled');
  });

  it('says why Argo CD could not be asked, and still shows Git', () => {
    const text = lines({
      app: 'web',
      git: { head: HEAD, last },
      inFlight: false,
      unavailable: 'Kanaria has no access to the Kubernetes API (no KUBECONFIG or in-cluster ServiceAccount).',
    });
    expect(text[0]).toBe(
      '*web* · Kanaria has no access to the Kubernetes API (no KUBECONFIG or in-cluster ServiceAccount).',
    );
    expect(text[1]).toBe('Git head: `c0ffee1`');
    expect(text[2]).toMatch(/^Last change: `abc1234` /);
    expect(text.join('\n')).not.toMatch(/Sync:|Health:/);
  });

  it('says when the app has no Argo CD Application configured', () => {
    const text = lines({ app: 'web', git: { head: '' }, inFlight: true });
    expect(text[0]).toMatch(/^\*web\* · no Argo CD Application configured/);
    expect(text).toHaveLength(2);
    expect(text[1]).toBe(':hourglass_flowing_sand: A Kanaria change to this app is being reconciled.');
  });
});
