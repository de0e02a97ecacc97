import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRedisDir } from '../../src/adapters/private-redis-dir.js';
import { EXAMPLE_MANIFEST } from '../../src/boot/first-run.js';
import { GitRemote } from '../helpers/git-remote.js';
import { startTerminal, type TerminalProcess } from '../helpers/terminal-process.js';

/**
 * What the terminal adapter prints when commands are piped in, as a script does: a real process with its private
 * Redis, a real GitOps remote, and no Kubernetes credentials (HOME has no ~/.kube/config, KUBECONFIG is unset).
 * The app has an Argo CD Application configured, as on a real set-up before Kanaria was given cluster access.
 */

const CONFIG = (repo: string) => `
gitops: { url: ${repo}, branch: main }
apps:
  example-app:
    environment: development
    manifest: apps/example-app/deployment.yaml
    container: web
    argocd: { application: example-app, namespace: argocd }
policies:
  default: { deploy: ["*"], promote: ["*"] }
`;

const cwd = mkdtempSync(join(tmpdir(), 'kanaria-replies-'));
const remote = new GitRemote().seed({ 'apps/example-app/deployment.yaml': EXAMPLE_MANIFEST });
let terminal: TerminalProcess;

beforeAll(async () => {
  writeFileSync(join(cwd, 'kanaria.yaml'), CONFIG(remote.bare));
  terminal = startTerminal({ cwd, env: { KANARIA_CONFIG: join(cwd, 'kanaria.yaml') } });
  await terminal.waitFor(/Type \/kanaria help, or exit\.\n/);
}, 60_000);

afterAll(async () => {
  terminal.keys('exit\n');
  const code = await Promise.race([terminal.exited, new Promise<null>((r) => setTimeout(() => r(null), 20_000))]);
  if (code === null) await terminal.kill();
  await claimRedisDir(join(cwd, '.kanaria/redis')).catch(() => undefined);
  rmSync(cwd, { recursive: true, force: true });
  remote.remove();
  expect(code).toBe(0);
}, 30_000);

/** The lines printed after the `from`-th character of the output. */
const linesSince = (from: number): string[] => terminal.output().slice(from).split('\n');

describe('the terminal adapter, commands piped in', () => {
  it("prints a job's error reply only after the acknowledgement of its command", async () => {
    const from = terminal.output().length;
    const times = 10;
    // Without cluster access the GPU job fails at once, often before the command's acknowledgement is back.
    terminal.keys('/gpu\n'.repeat(times));
    await terminal.waitFor(new RegExp(`(cannot read GPU capacity[^]*){${times}}`), { since: from });
    const acks = (line: string) => line.startsWith('Reading GPU capacity');
    const errors = (line: string) => line.startsWith('(only you) ❌ Kanaria has no access to the Kubernetes API');
    const order = linesSince(from).flatMap((line) => (acks(line) ? ['ack'] : errors(line) ? ['error'] : []));
    expect(order).toHaveLength(2 * times);
    // However the two interleave, the n-th error never comes before the n-th acknowledgement.
    order.reduce((shown, kind) => {
      const next = shown + (kind === 'ack' ? 1 : -1);
      expect(next, order.join(' ')).toBeGreaterThanOrEqual(0);
      return next;
    }, 0);
  });

  it('/sync without cluster access says it cannot sync and how to give it access, with no empty commit', async () => {
    const from = terminal.output().length;
    terminal.keys('/sync example-app\n');
    await terminal.waitFor(/Run it in the cluster with its ServiceAccount, or set KUBECONFIG\./, { since: from });
    const card = linesSince(from).filter((line) => !line.startsWith('Queued: sync'));
    expect(card.slice(0, 3)).toEqual([
      'Argo CD `example-app`: ❌ could not reconcile',
      'Kanaria has no access to the Kubernetes API, so it cannot ask Argo CD to sync.',
      'Run it in the cluster with its ServiceAccount, or set KUBECONFIG.',
    ]);
    expect(terminal.output().slice(from)).not.toMatch(/``|committed/);
  });

  it('prints Slack markup as plain text: no markers, no escape codes', async () => {
    const from = terminal.output().length;
    terminal.keys('/status example-app\n');
    await terminal.waitFor(/Git head: `[0-9a-f]{7}`/, { since: from });
    const shown = terminal.output().slice(from);
    expect(shown).toMatch(/^\(only you\) example-app · /m); // `*example-app*` in Slack
    expect(shown).not.toContain('*');
    expect(shown).not.toContain('\x1b');
  });
});
