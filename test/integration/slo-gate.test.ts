import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/adapters/redis.js';
import { deployment, startHarness, type Harness } from '../helpers/harness.js';
import { tsOf } from '../helpers/fake-slack.js';
import { startMetricsApp, type MetricsApp } from '../helpers/metrics-app.js';
import { hasPrometheus, startPrometheus, waitForScrapes, type RunningPrometheus } from '../helpers/prometheus.js';
import { announcement, pressButton, threadOf } from '../helpers/announcements.js';

const available = hasPrometheus() || process.env['CI'] === 'true';

/**
 * SLOs over two prom-client services a real Prometheus scrapes every second: `web` fails every 10th request (10 %
 * errors against a 0.1 % budget: spent, and burning 100× its budget), `calm` never fails. Windows are sped up
 * (1d is a 30-day window 30× faster: the 1 h burn window is 2 min, 5 min is 10 s, wide enough for a loaded machine that scrapes late), so burn rates have data seconds
 * after the start. Errors are `or vector(0)`: a service that never failed has no 500 series.
 */
const sli = (hash: string) => `
    sli:
      errors: (sum(rate(http_requests_total{rollouts_pod_template_hash="${hash}",code="500"}[{{window}}])) or vector(0))
      total: sum(rate(http_requests_total{rollouts_pod_template_hash="${hash}"}[{{window}}]))`;

const app = (name: string, environment: string, slo: string) => `
  ${name}:
    environment: ${environment}
    manifest: apps/${name}/deployment.yaml
    container: web
    slo: ${slo}`;

const CONFIG = `
gitops: { branch: main }
apps:${app('web', 'production', 'web-availability')}${app('calm', 'production', 'calm-availability')}${app('loose', 'staging', 'web-availability')}${app('dark', 'production', 'dark-availability')}${app('dim', 'lenient', 'dark-availability')}
slos:
  web-availability:
    objective: 99.9
    window: 1d${sli('web')}
  calm-availability:
    objective: 99.9
    window: 1d${sli('calm')}
  dark-availability:
    objective: 99.9
    window: 1d${sli('nobody')}
policies:
  production: { deploy: ["*"], promote: ["*"], errorBudget: enforce, override: [U0BOB, U0CAROL] }
  staging: { deploy: ["*"], promote: ["*"], errorBudget: warn }
  lenient: { deploy: ["*"], promote: ["*"], errorBudget: enforce, errorBudgetUnknown: allow }
`;

const NAMES = ['web', 'calm', 'loose', 'dark', 'dim'];
const FILES = Object.fromEntries(NAMES.map((n) => [`apps/${n}/deployment.yaml`, deployment(n, 'nginx:1.25.0')]));

describe.skipIf(!available)('the error-budget gate, from a real Prometheus (sped-up SLO windows)', () => {
  let services: MetricsApp[];
  let prometheus: RunningPrometheus;
  let h: Harness;

  beforeAll(async () => {
    services = [
      await startMetricsApp({ hash: 'web', errorEvery: 10, latencyMs: 20 }),
      await startMetricsApp({ hash: 'calm', latencyMs: 20 }),
    ];
    prometheus = await startPrometheus(services.map((s) => s.target));
    h = await startHarness({
      files: FILES,
      config: CONFIG,
      kanaria: { prometheusUrl: prometheus.url },
      beforeStart: (slack) =>
        slack.users.set('U0CAROL', { id: 'U0CAROL', name: 'Carol Ito', email: 'carol@example.com' }),
    });
    // A few scrapes of both services: every sped-up burn window (10 s the shortest) has two samples or more.
    for (const hash of ['web', 'calm'])
      await waitForScrapes(prometheus.url, `http_requests_total{rollouts_pod_template_hash="${hash}"}`);
  }, 120_000);
  afterAll(async () => {
    await h?.stop();
    await prometheus?.stop();
    for (const service of services ?? []) await service.stop();
  });

  it('a /deploy is refused while the budget is spent, with the numbers in the thread, and nothing is committed', async () => {
    const head = h.remote.head();
    const ack = await h.command('/deploy', 'web nginx:1.27.0');
    expect(ack.text).toContain('Queued: deploy `web` → `nginx:1.27.0`');
    const shown = await announcement(h, 'deploy `web` → `nginx:1.27.0`', /failed/);
    expect(shown.text).toMatch(/The error budget of `web-availability` is spent \(-[\d,.]+% left over 1 day\)/);
    const thread = await h.slack.waitFor(() => {
      const replies = threadOf(h, shown.ts).map((c) => String(c.body['text']));
      return replies.length >= 2 && replies;
    });
    const evidence = thread.find((text) => text.startsWith('*Error budget* of `web`'));
    expect(evidence).toContain('(production, `errorBudget: enforce`)');
    expect(evidence).toMatch(
      /`web-availability` \(99\.9 % over 1 day\): -[\d,.]+% of the budget left \(0 sec of full outage\)/,
    );
    expect(evidence).toMatch(/Burn rates: 5m \d+(\.\d)?× · 30m \d+(\.\d)?× · 1h \d+(\.\d)?×/);
    expect(evidence).toContain('Firing: page (14.4× over 1 h and 5 min), page (6× over 6 h and 30 min)');
    expect(evidence).toContain(':no_entry: The change is held back.');
    expect(thread.join('\n')).toContain('--override "<reason>"');
    expect(h.remote.head()).toBe(head);
  });

  it('scaling down and /rollback are never held back: they are how reliability comes back', async () => {
    await h.command('/scale', 'web 1');
    await announcement(h, 'scale `web`', /pushed/);
    expect(h.remote.show('apps/web/deployment.yaml')).toContain('replicas: 1');
    await h.command('/rollback', 'web');
    await announcement(h, 'roll back `web`', /pushed/);
    expect(h.remote.show('apps/web/deployment.yaml')).toContain('replicas: 2');
    // Scaling up again spends reliability: held back.
    await h.command('/scale', 'web 3');
    const up = await announcement(h, 'scale `web` to 3', /failed/);
    expect(up.text).toContain('takes no scale-up in production now');
  });

  it('a healthy budget lets a deploy through, with the evidence in its thread', async () => {
    await h.command('/deploy', 'calm nginx:1.27.0');
    const shown = await announcement(h, 'deploy `calm`', /pushed/);
    const evidence = threadOf(h, shown.ts)
      .map((c) => String(c.body['text']))
      .find((text) => text.startsWith('*Error budget* of `calm`'));
    expect(evidence).toMatch(
      /`calm-availability` \(99\.9 % over 1 day\): 100% of the budget left \(1 min 26 sec of full outage\)/,
    );
    expect(evidence).toContain('No burn-rate alert fires.');
    expect(evidence).toContain('The change goes ahead.');
    expect(h.remote.show('apps/calm/deployment.yaml')).toContain('nginx:1.27.0');
  });

  it('`errorBudget: warn` lets the change through and says it would have been held back', async () => {
    await h.command('/deploy', 'loose nginx:1.27.0');
    const shown = await announcement(h, 'deploy `loose`', /pushed/);
    const evidence = threadOf(h, shown.ts)
      .map((c) => String(c.body['text']))
      .find((text) => text.startsWith('*Error budget* of `loose`'));
    expect(evidence).toContain('(staging, `errorBudget: warn`)');
    expect(evidence).toContain('Under `errorBudget: enforce` this change would be held back');
    expect(h.remote.show('apps/loose/deployment.yaml')).toContain('nginx:1.27.0');
  });

  it('no data is never read as healthy: refused by default, let through where errorBudgetUnknown is allow', async () => {
    await h.command('/deploy', 'dark nginx:1.27.0');
    const refused = await announcement(h, 'deploy `dark`', /failed/);
    expect(refused.text).toContain('The error budget of `dark-availability` cannot be read (no data)');
    expect(h.remote.show('apps/dark/deployment.yaml')).toContain('nginx:1.25.0');

    await h.command('/deploy', 'dim nginx:1.27.0');
    const allowed = await announcement(h, 'deploy `dim`', /pushed/);
    const evidence = threadOf(h, allowed.ts)
      .map((c) => String(c.body['text']))
      .find((text) => text.startsWith('*Error budget* of `dim`'));
    expect(evidence).toContain('*no data* over the SLO window, not read as healthy');
    expect(evidence).toContain('`errorBudgetUnknown: allow` lets the change through');
  });

  it('break-glass: --override waits for a second person in policies.<env>.override; then it is committed with trailers', async () => {
    const before = h.remote.head();
    await h.command('/deploy', 'web nginx:1.28.0 --override "P0: checkout is down"');
    const held = await announcement(h, 'deploy `web` → `nginx:1.28.0`', /waiting for a second person/);
    const request = await h.slack.waitFor(() =>
      threadOf(h, held.ts).find((c) => String(c.body['text']).includes('*Break-glass*')),
    );
    expect(String(request.body['text'])).toContain('<@U0ANA> asks to deploy `web` → `nginx:1.28.0` in production');
    expect(String(request.body['text'])).toContain('> P0: checkout is down');
    expect(h.remote.head()).toBe(before);

    expect(await pressButton(h, request, 'kanaria:override-approve', 'U0ANA', 'self')).toContain(
      'You asked for this override: someone else must approve it.',
    );
    expect(await pressButton(h, request, 'kanaria:override-approve', 'U0EVE', 'eve')).toContain(
      'Only people in `policies.production.override` may approve an override in production.',
    );
    expect(h.remote.head()).toBe(before);

    expect(await pressButton(h, request, 'kanaria:override-approve', 'U0BOB', 'bob')).toContain(
      'Approved: deploy `web`',
    );
    await announcement(h, 'deploy `web` → `nginx:1.28.0`', /pushed/);
    const [commit] = h.remote.log();
    expect(commit?.subject).toBe('deploy(web): nginx:1.25.0 → nginx:1.28.0');
    expect(commit?.author).toBe('Ana Lima <ana@example.com>');
    expect(commit?.body).toContain('Override-Reason: P0: checkout is down');
    expect(commit?.body).toContain('Approved-by: Bob Stone (Slack user U0BOB)');
    // The request no longer offers the button.
    const updated = await h.slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.update' && c.body['ts'] === tsOf(request)),
    );
    expect(String(updated.body['text'])).toContain('approved by <@U0BOB>');

    // A second approval changes nothing; the override is counted once.
    expect(await pressButton(h, request, 'kanaria:override-approve', 'U0CAROL', 'carol')).toContain(
      'Already approved by <@U0BOB>',
    );
    const metrics = await (await fetch(`http://127.0.0.1:${h.port}/metrics`)).text();
    expect(metrics).toContain('kanaria_error_budget_overrides_total{app="web",environment="production"} 1');
    expect(h.remote.log().filter((c) => c.body.includes('Override-Reason'))).toHaveLength(1);
  });

  it('/approve with an id nobody asked for is refused and changes nothing', async () => {
    const ack = await h.command('/approve', '0123456789', { userId: 'U0BOB' });
    expect(ack.text).toContain('There is no override `0123456789` waiting for approval');
  });
});

describe.skipIf(!available)('the gate with Prometheus down', () => {
  let h: Harness;
  beforeAll(async () => {
    // Nothing listens there: every query fails after the adapter's retries.
    const port = await freePort();
    h = await startHarness({ files: FILES, config: CONFIG, kanaria: { prometheusUrl: `http://127.0.0.1:${port}` } });
  }, 60_000);
  afterAll(async () => h?.stop());

  it('errorBudgetUnknown deny (the default for enforce) refuses; allow lets the change through; both say why', async () => {
    await h.command('/deploy', 'web nginx:1.27.0');
    const refused = await announcement(h, 'deploy `web`', /failed/);
    expect(refused.text).toContain(
      'The error budget of `web-availability` cannot be read (Prometheus does not answer), and `policies.production.errorBudgetUnknown` is `deny`',
    );
    await h.command('/deploy', 'dim nginx:1.27.0');
    const allowed = await announcement(h, 'deploy `dim`', /pushed/);
    const evidence = threadOf(h, allowed.ts)
      .map((c) => String(c.body['text']))
      .find((text) => text.startsWith('*Error budget* of `dim`'));
    expect(evidence).toContain('`dark-availability`: Prometheus could not be asked: the budget is unknown');
    expect(evidence).toContain('`errorBudgetUnknown: allow` lets the change through');
    expect(h.remote.show('apps/web/deployment.yaml')).toContain('nginx:1.25.0');
    expect(h.remote.show('apps/dim/deployment.yaml')).toContain('nginx:1.27.0');
  });
});
