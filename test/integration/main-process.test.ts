import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrivateRedis, type PrivateRedis } from '../../src/adapters/redis.js';
import { MAIN_FROM_SOURCE, root, startMain, type MainProcess } from '../helpers/cli.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { GitRemote } from '../helpers/git-remote.js';
import { deployment } from '../helpers/harness.js';
import { postSigned, slashCommand } from '../helpers/slack-requests.js';
import { waitUntil } from '../helpers/wait.js';

const SECRET = 'main-process-secret';
const WEB = deployment('web', 'nginx:1.25.0');

/**
 * The image's runtime without Docker (none runs here): what the Dockerfile's stages do, the build with dev
 * dependencies, then the compiled code beside production dependencies only, installed by the Dockerfile's own
 * command. A runtime import of a dev dependency fails here as it would in the container.
 */
function likeTheImage(dir: string): { args: readonly string[]; env: Record<string, string> } {
  const app = join(dir, 'app');
  mkdirSync(app);
  execFileSync('npx', ['tsc', '-p', join(root, 'tsconfig.build.json'), '--outDir', join(app, 'dist')], {
    cwd: root,
    stdio: 'pipe',
  });
  for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(root, file), join(app, file));
  execFileSync('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], {
    cwd: app,
    stdio: 'pipe',
  });
  return { args: [join(app, 'dist/src/main.js')], env: { NODE_ENV: 'production' } };
}

const fromSource = (): { args: readonly string[]; env: Record<string, string> } => ({
  args: MAIN_FROM_SOURCE,
  env: {},
});

/** Kanaria as it runs on a cluster: `node …/main` in HTTP mode, jobs on their own thread. */
describe.each([
  { way: 'from source (npm start)', prepare: fromSource },
  { way: 'as the container image runs it (compiled, production dependencies only)', prepare: likeTheImage },
])('the Kanaria process in HTTP mode, $way', ({ prepare }) => {
  const dir = mkdtempSync(join(tmpdir(), 'kanaria-main-'));
  const slack = new FakeSlack();
  const remote = new GitRemote().seed({ 'apps/web/deployment.yaml': WEB });
  let redis: PrivateRedis;
  let main: MainProcess;
  let port = 0;

  beforeAll(async () => {
    await slack.start();
    slack.users.set('U0ANA', { id: 'U0ANA', name: 'Ana Lima', email: 'ana@example.com' });
    redis = await startPrivateRedis();
    writeFileSync(
      join(dir, 'kanaria.yaml'),
      'apps:\n  web: { manifest: apps/web/deployment.yaml, container: web }\npolicies:\n  default: { deploy: ["*"] }\n',
    );
    const { args, env } = prepare(dir);
    main = await startMain({
      cwd: dir,
      args,
      env: {
        ...env,
        KANARIA_CONFIG: join(dir, 'kanaria.yaml'),
        KANARIA_WORKDIR: join(dir, 'work'),
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-main-process',
        SLACK_API_URL: slack.apiUrl,
        REDIS_URL: redis.url,
        GITOPS_REPO_URL: remote.bare,
        LOG_LEVEL: 'warn',
      },
    });
    port = main.port;
  }, 240_000);

  afterAll(async () => {
    await main?.stop();
    await redis?.stop();
    await slack.stop();
    remote.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits a signed /deploy through the job thread and merges both threads into /metrics', async () => {
    const response = await postSigned(
      port,
      SECRET,
      slashCommand('/deploy', 'web nginx:1.27.0', { responseUrl: slack.responseUrl('main') }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { text: string }).text).toContain('Queued');
    await slack.waitFor((calls) =>
      calls.find((c) => c.method === 'chat.postMessage' && String(c.body['text']).startsWith('Pushed')),
    );
    expect(remote.show('apps/web/deployment.yaml')).toBe(WEB.replace('image: nginx:1.25.0 #', 'image: nginx:1.27.0 #'));
    // The job is counted once BullMQ has moved it to completed, a moment after its last post.
    const metrics = await waitUntil('the finished job in /metrics', async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      return /kanaria_jobs_total\{queue="gitops",outcome="completed"\}/.test(text) && text;
    });
    expect(metrics).toMatch(/kanaria_commands_total\{command="deploy",outcome="accepted"\} 1/);
    expect(metrics).toMatch(/kanaria_jobs_total\{queue="gitops",outcome="completed"\} 1/);
    expect(metrics).toMatch(/kanaria_git_pushes_total\{outcome="ok"\} 1/);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await main.stop()).toBe(0);
  });
});
