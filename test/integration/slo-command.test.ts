import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, startHarness, type Harness } from '../helpers/harness.js';
import { decode } from '../helpers/png.js';
import { startMetricsApp, type ControlledMetricsApp } from '../helpers/metrics-app.js';
import { hasPrometheus, startPrometheus, waitForScrapes, type RunningPrometheus } from '../helpers/prometheus.js';

/*
 * A 1d SLO window is a 30-day window sped up 30× (README, Error budgets): the Workbook's 1h burn window is read
 * over 2 min, 5m over 10 s (wide enough for a loaded machine that scrapes late), 3d over 144 min. The app fails exactly one request in ten (100 a second, in batches of ten with
 * one failure each): against a 99 % objective that burns 10× — the 6h, 1d and 3d alerts fire, 14.4× does not,
 * and the whole window's budget is spent ten times over.
 */
const sli = (hash: string) => `
    sli:
      errors: sum(rate(http_requests_total{rollouts_pod_template_hash="${hash}",code=~"5.."}[{{window}}]))
      total: sum(rate(http_requests_total{rollouts_pod_template_hash="${hash}"}[{{window}}]))`;

const CONFIG = `
gitops: { branch: main }
slos:
  web-availability:
    objective: 99
    window: 1d${sli('web')}
  nothing-served:
    objective: 99.9
    window: 1d${sli('nobody')}
apps:
  web: { environment: staging, manifest: apps/web/deployment.yaml, container: web, slo: web-availability }
  quiet: { environment: staging, manifest: apps/quiet/deployment.yaml, container: web, slo: [nothing-served] }
  plain: { environment: staging, manifest: apps/plain/deployment.yaml, container: web }
policies:
  default: { deploy: ["*"], promote: ["*"] }
`;

const FILES = Object.fromEntries(
  ['web', 'quiet', 'plain'].map((n) => [`apps/${n}/deployment.yaml`, deployment(n, 'nginx:1.25.0')]),
);

const available = hasPrometheus() || process.env['CI'] === 'true';

describe.skipIf(!available)('/slo and the SLO lines of /status: a real Prometheus scraping a prom-client app', () => {
  let app: ControlledMetricsApp;
  let prometheus: RunningPrometheus;
  let h: Harness;
  let asked = 0;

  /** Sends `/slo` (or `/status`) and returns the private answer's text. */
  const ask = async (command: string, text: string, userId?: string): Promise<{ ack: string; answer: string }> => {
    const id = `slo-${++asked}`;
    const ack = await h.command(command, text, { responseId: id, ...(userId && { userId }) });
    const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === `response_url:${id}`), 30_000);
    return { ack: ack.text, answer: String(reply.body['text']) };
  };

  beforeAll(async () => {
    app = await startMetricsApp({ hash: 'web', errorEvery: 10, latencyMs: 50 });
    prometheus = await startPrometheus([app.target]);
    h = await startHarness({ files: FILES, config: CONFIG, kanaria: { prometheusUrl: prometheus.url } });
    // A few scrapes, so that even the shortest window (10 s) has two samples.
    await waitForScrapes(prometheus.url, 'http_requests_total{rollouts_pod_template_hash="web"}');
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await prometheus?.stop();
    await app?.stop();
  });

  it('/slo <app> answers privately with the budget, the burn rates per window pair, the alerts that fire and the chart', async () => {
    const { ack, answer } = await ask('/slo', 'web');
    expect(ack).toBe('Reading the error budget of `web`…');
    expect(answer).toContain('*SLOs of `web`*');
    expect(answer).toContain('*web-availability* · objective 99 % over 1 day');
    expect(answer).toMatch(/:red_circle: Error budget \*spent\*: -\d+(\.\d)? % left/);
    // One failure in ten, steadily: every window burns 10×.
    expect(answer).toContain('Burn rates: 1h/5m 10× / 10× · 6h/30m 10× / 10× · 1d/2h 10× / 10× · 3d/6h 10× / 10×');
    expect(answer).toContain(
      ':rotating_light: Would fire: page (6× over 6h and 30m), ticket (3× over 1d and 2h), ticket (1× over 3d and 6h)',
    );
    expect(answer).not.toContain('14.4× over 1h and 5m), page');
    expect(answer).toContain('(1h here is 2 min)');
    const upload = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'files.completeUploadExternal'));
    expect(upload.body['channel_id']).toBe('C0DEPLOYS');
    expect(JSON.stringify(upload.body['files'])).toContain('Error budget left of web-availability (web)');
    const [bytes] = [...h.slack.uploads.values()];
    expect(decode(bytes as Buffer).width).toBeGreaterThan(0);
  });

  it('an SLO whose series do not exist says "no data" everywhere, never healthy', async () => {
    const { answer } = await ask('/slo', 'quiet');
    expect(answer).toContain('Error budget left: no data over the window');
    expect(answer).toContain(
      'Burn rates: 1h/5m no data / no data · 6h/30m no data / no data · 1d/2h no data / no data · 3d/6h no data / no data',
    );
    expect(answer).not.toContain('No burn-rate alert would fire');
    expect(answer).toContain('When the budget runs out: no data over the last hour.');
  });

  it('in Japanese for a Japanese Slack user', async () => {
    h.slack.users.set('U0KEN', { id: 'U0KEN', name: 'Ken Sato', locale: 'ja-JP' });
    const { ack, answer } = await ask('/slo', 'web', 'U0KEN');
    expect(ack).toBe('`web` のエラーバジェットを読んでいます…');
    expect(answer).toContain('エラーバジェットを *使い切りました*');
    expect(answer).toContain('バーンレート: 1h/5m 10倍 / 10倍');
  });

  it('an app without an SLO, or a view /slo does not have, is refused at once with what to do', async () => {
    const none = await h.command('/slo', 'plain');
    expect(none.text).toContain('`plain` has no SLO.');
    expect(none.text).toContain('name it in `apps.plain.slo`');
    const bad = await h.command('/slo', 'web budget');
    expect(bad.text).toContain('`budget` is not something `/slo` shows.');
    expect(bad.text).toContain('`/slo web overrides`');
  });

  it('/slo <app> overrides lists the break-glass commits of the app from Git, newest first; none is said', async () => {
    const none = await ask('/slo', 'plain overrides');
    expect(none.ack).toBe('Looking up the break-glass overrides of `plain`…');
    expect(none.answer).toBe('No break-glass override of `plain` in the GitOps history of `main`.');

    const older = h.remote.commitOutside(
      'deploy(web): nginx:1.26.0\n\nSlack-User: U0ANA\nOverride-Reason: CVE-2026-1234 security patch\nApproved-by: U0BOB\n',
      { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.26.0') },
    );
    h.remote.commitOutside('deploy(web): nginx:1.26.1\n\nSlack-User: U0ANA\n', {
      'apps/web/deployment.yaml': deployment('web', 'nginx:1.26.1'),
    });
    // Another app's override is not this app's.
    h.remote.commitOutside('deploy(plain): nginx:1.26.0\n\nSlack-User: U0BOB\nOverride-Reason: P0 plain\n', {
      'apps/plain/deployment.yaml': deployment('plain', 'nginx:1.26.0'),
    });
    const newer = h.remote.commitOutside(
      'deploy(web): nginx:1.27.0\n\nSlack-User: U0BOB\nOverride-Reason: P0: checkout <down>\nApproved-by: Ana Lima <ana@example.com> (Slack user U0ANA)\n',
      { 'apps/web/deployment.yaml': deployment('web', 'nginx:1.27.0') },
    );
    const { answer } = await ask('/slo', 'web overrides');
    const lines = answer.split('\n');
    expect(lines[0]).toBe('*Break-glass overrides of `web`* (newest first, at most 20)');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(
      `\`${newer.slice(0, 7)}\` deploy(web): nginx:1.27.0 — asked by <@U0BOB>, approved by <@U0ANA>: P0: checkout &lt;down&gt;`,
    );
    expect(lines[2]).toContain(
      `\`${older.slice(0, 7)}\` deploy(web): nginx:1.26.0 — asked by <@U0ANA>, approved by <@U0BOB>: CVE-2026-1234 security patch`,
    );
  });

  it('/status has one line per SLO', async () => {
    const { answer } = await ask('/status', 'web');
    expect(answer).toMatch(
      /SLO \*web-availability\*: :red_circle: error budget spent \(-\d+(\.\d)? % left\) · :rotating_light: page \(6× over 6h and 30m\)/,
    );
    expect((await ask('/status', 'quiet')).answer).toContain('SLO *nothing-served*: no data');
  });

  it('with Prometheus down, /status still answers (the SLO line says so) and /slo tells what failed after its retries', async () => {
    await prometheus.stop();
    const status = await ask('/status', 'web');
    expect(status.answer).toContain('*web* · no Argo CD Application configured');
    expect(status.answer).toContain('SLO *web-availability*: Prometheus unavailable');
    const slo = await ask('/slo', 'web');
    expect(slo.answer).toMatch(/Prometheus at http:\/\/127\.0\.0\.1:\d+ did not answer after 3 attempts/);
    expect(slo.answer).not.toContain('Error budget left');
  }, 60_000);
});

describe('/slo without Prometheus', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ files: FILES, config: CONFIG });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('refuses with what to set, and /status says there is no Prometheus for the SLO', async () => {
    await h.command('/slo', 'web', { responseId: 'no-prom' });
    const reply = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:no-prom'));
    expect(String(reply.body['text'])).toContain('Kanaria has no Prometheus to read the error budget of `web` from.');
    expect(JSON.stringify(reply.body)).toContain('Set PROMETHEUS_URL where Kanaria runs.');
    await h.command('/status', 'web', { responseId: 'no-prom-status' });
    const status = await h.slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:no-prom-status'));
    expect(String(status.body['text'])).toContain('SLO *web-availability*: no Prometheus configured');
  });
});

describe('/status with a Prometheus that accepts connections and never answers', () => {
  let h: Harness;
  let silent: Server;
  const held: Socket[] = [];
  beforeAll(async () => {
    silent = createServer((socket) => void held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    h = await startHarness({ files: FILES, config: CONFIG, kanaria: { prometheusUrl: url } });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    for (const socket of held) socket.destroy();
    await new Promise((resolve) => silent?.close(resolve));
  });

  it('answers without waiting out Prometheus’ retries (half a minute): the SLO line says it is unavailable', async () => {
    await h.command('/status', 'web', { responseId: 'silent-status' });
    const status = await h.slack.waitFor(
      (calls) => calls.find((c) => c.method === 'response_url:silent-status'),
      15_000,
    );
    expect(String(status.body['text'])).toContain('*web* · no Argo CD Application configured');
    expect(String(status.body['text'])).toContain('SLO *web-availability*: Prometheus unavailable');
  });
});
