import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../src/adapters/redis.js';
import { startMain, type MainProcess } from '../helpers/cli.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { GitRemote } from '../helpers/git-remote.js';
import { deployment } from '../helpers/harness.js';
import { postSigned, slashCommand } from '../helpers/slack-requests.js';

const SECRET = 'split-roles-secret';
const WEB = deployment('web', 'nginx:1.25.0');

/**
 * KANARIA_ROLE splits Kanaria into the pods that face Slack (receiver) and the pods that run jobs (worker),
 * sharing one Redis. The receiver is given no Git URL and no Kubernetes credentials at all.
 */
describe('a receiver process and a worker process against one Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kanaria-split-'));
  const slack = new FakeSlack();
  const remote = new GitRemote().seed({ 'apps/web/deployment.yaml': WEB });
  let redis: PrivateRedis;
  const processes = {} as Record<'receiver' | 'worker', MainProcess>;

  const start = async (role: 'receiver' | 'worker', env: Record<string, string>) => {
    processes[role] = await startMain({
      cwd: dir,
      env: {
        KANARIA_ROLE: role,
        KANARIA_CONFIG: join(dir, 'kanaria.yaml'),
        SLACK_BOT_TOKEN: 'xoxb-split',
        SLACK_API_URL: slack.apiUrl,
        REDIS_URL: redis.url,
        LOG_LEVEL: 'warn',
        ...env,
      },
    });
  };

  beforeAll(async () => {
    await slack.start();
    slack.users.set('U0ANA', { id: 'U0ANA', name: 'Ana Lima', email: 'ana@example.com' });
    redis = await startPrivateRedis();
    // No gitops.url here: the worker gets it from GITOPS_REPO_URL, the receiver not at all.
    writeFileSync(
      join(dir, 'kanaria.yaml'),
      'apps:\n  web: { manifest: apps/web/deployment.yaml, container: web }\npolicies:\n  default: { deploy: ["*"] }\n',
    );
    await start('receiver', { SLACK_SIGNING_SECRET: SECRET });
    await start('worker', { GITOPS_REPO_URL: remote.bare, KANARIA_WORKDIR: join(dir, 'work') });
  });

  afterAll(async () => {
    await Promise.all(Object.values(processes).map((p) => p.stop()));
    await redis?.stop();
    await slack.stop();
    remote.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the receiver acks a signed /deploy and the worker commits it and replies in the thread', async () => {
    const response = await postSigned(
      processes.receiver.port,
      SECRET,
      slashCommand('/deploy', 'web nginx:1.27.0', { responseUrl: slack.responseUrl('deploy') }),
    );
    expect(((await response.json()) as { text: string }).text).toContain('Queued');
    await slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('Pushed')),
    );
    expect(remote.show('apps/web/deployment.yaml')).toContain('image: nginx:1.27.0 #');
    expect(remote.log()[0]?.author).toBe('Ana Lima <ana@example.com>');
  });

  it('commands that read the repository are answered by the worker', async () => {
    await postSigned(
      processes.receiver.port,
      SECRET,
      slashCommand('/history', 'web', { responseUrl: slack.responseUrl('history') }),
    );
    const answer = await slack.waitFor((calls) => calls.find((c) => c.method === 'response_url:history'));
    expect(String(answer.body['text'])).toContain('nginx:1.25.0 → nginx:1.27.0');
  });

  it('each side counts its own work in /metrics', async () => {
    const receiver = await (await fetch(`http://127.0.0.1:${processes.receiver.port}/metrics`)).text();
    const worker = await (await fetch(`http://127.0.0.1:${processes.worker.port}/metrics`)).text();
    expect(receiver).toMatch(/kanaria_commands_total\{command="deploy",outcome="accepted"\} 1/);
    expect(receiver).not.toMatch(/kanaria_jobs_total\{/);
    expect(worker).toMatch(/kanaria_jobs_total\{queue="gitops",outcome="completed"\} [1-9]/);
    expect(worker).toMatch(/kanaria_git_pushes_total\{outcome="ok"\} 1/);
  });

  it('the worker has no way in: Slack requests get a 404 there', async () => {
    const response = await postSigned(processes.worker.port, SECRET, slashCommand('/deploy', 'web nginx:1.28.0'));
    expect(response.status).toBe(404);
  });

  it('both stop cleanly on SIGTERM', async () => {
    for (const main of Object.values(processes)) expect(await main.stop()).toBe(0);
  });
});
