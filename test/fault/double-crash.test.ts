import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment } from '../helpers/harness.js';
import { deployRequest, FaultWorld, GIT_PASSWORD, isQueued, type KanariaRun } from '../helpers/fault-harness.js';
import { waitUntil } from '../helpers/wait.js';
import {
  fatesOf,
  isDoubled,
  isLost,
  isSilent,
  isUnfinished,
  printFigures,
  report,
  tally,
  type Fate,
} from '../helpers/fault-ledger.js';

const APPS = 30;
const name = (i: number) => `app-${String(i).padStart(2, '0')}`;
const apps = Array.from({ length: APPS }, (_, i) => name(i));
const FILES = Object.fromEntries(
  apps.map((app) => [`apps/${app}/deployment.yaml`, deployment(app, `registry.example.com/fault/${app}:0.0.1`)]),
);
const CONFIG = `apps:\n${apps.map((app) => `  ${app}: { manifest: apps/${app}/deployment.yaml, container: web }`).join('\n')}\npolicies:\n  default: { deploy: ["*"] }\n`;

/** Every file under `dir` (the working copy, .git included). */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

/**
 * "Once Slack has been acked, the change is durable": 30 deploys acked, the whole process group SIGKILLed, the
 * restarted process SIGKILLed again as soon as it starts redoing work, and a third run left to finish.
 */
describe('fault: a double crash (kill -9 after the acks, and again within a second of the restart starting work)', () => {
  const world = new FaultWorld(FILES);
  let run: KanariaRun;
  const everything: Fate[] = [];

  beforeAll(async () => {
    await world.start(CONFIG);
    run = await world.startKanaria();
  }, 120_000);
  afterAll(() => world.stop(), 60_000);

  it.each([1, 2])(
    'round %i: 0 lost, 0 doubled, one announcement each, every request in a final state',
    async (round) => {
      const requests = apps.map((app, i) =>
        deployRequest(app, `registry.example.com/fault/${app}:${round}.0.${i}`, (round - 1) * APPS + i),
      );
      const acks = await world.sendAll(requests);
      expect(
        acks.filter((a) => !isQueued(a)).map((a) => `${a.request.app}: ${a.status} ${a.text}`),
        'every request is acked "Queued"',
      ).toEqual([]);

      // Crash 1 right after the acks; in round 2 once the first announcement shows, so that work is surely under way.
      if (round === 2)
        await waitUntil(
          'a first announcement',
          () =>
            world.slack.callsTo('chat.postMessage').some((c) => requests.some((r) => r.channel === c.body['channel'])),
          30_000,
          10,
        );
      await run.kill9();
      const committedBefore = fatesOf(acks, world.slack, world.remote).filter((f) => f.commits.length > 0).length;

      // Crash 2, within a second of the restarted process starting work: round 1 at its first visible move (a
      // Slack call about a request), round 2 a second into its work.
      const announcedBefore = fatesOf(acks, world.slack, world.remote).filter((f) => f.announcements > 0).length;
      const mark = world.slack.calls.length;
      const channels = new Set(requests.map((r) => r.channel));
      run = world.spawnKanaria();
      const hit = await waitUntil(
        'the restarted Kanaria to start work',
        () => {
          if (!run.alive) throw new Error(`the restarted Kanaria exited:\n${run.output()}`);
          return world.slack.calls.slice(mark).some((c) => channels.has(String(c.body['channel'])));
        },
        30_000,
        10,
      ).then(
        () => true,
        () => false,
      );
      // Round 2 lets it work a second first, so that many jobs are under way in it when it dies.
      if (hit && round === 2) await new Promise((resolve) => setTimeout(resolve, 1_000));
      const secondKillAfterMs = Date.now() - run.startedAt;
      const callsOfRun2 = world.slack.calls.slice(mark);
      const touchedByRun2 = requests.filter((r) => callsOfRun2.some((c) => c.body['channel'] === r.channel)).length;
      await run.kill9();
      const committedBetween = fatesOf(acks, world.slack, world.remote).filter((f) => f.commits.length > 0).length;

      run = await world.startKanaria();
      const restartedAt = Date.now();
      const settled = await world.settle(() => fatesOf(acks, world.slack, world.remote).every((f) => !isUnfinished(f)));
      const fates = fatesOf(acks, world.slack, world.remote);
      everything.push(...fates);

      const figures = tally(fates);
      printFigures(`double crash, round ${round}`, figures, {
        announcedBeforeCrash1: announcedBefore,
        committedBeforeCrash1: committedBefore,
        requestsTouchedByRun2: touchedByRun2,
        committedBeforeCrash2: committedBetween,
        crash2HitWork: hit,
        crash2AfterSpawnMs: secondKillAfterMs,
        settledAfterRestartMs: settled.settled ? settled.ms : `not within ${settled.ms} ms`,
        sinceRestartMs: Date.now() - restartedAt,
      });
      const explainIf = (what: string, bad: (f: Fate) => boolean) =>
        report(`round ${round}: ${what}`, fates, bad, world.slack, world.remote, world.outputs());
      expect.soft(figures.lost, explainIf('lost (acked, never committed, no failure shown)', isLost)).toBe(0);
      expect.soft(figures.doubled, explainIf('doubled (two commits for one request)', isDoubled)).toBe(0);
      expect.soft(figures.silent, explainIf('committed, but the announcement does not say so', isSilent)).toBe(0);
      expect.soft(figures.unfinished, explainIf('left without a final state', isUnfinished)).toBe(0);
      expect
        .soft(
          figures.announcements,
          explainIf('not exactly one announcement', (f) => f.announcements !== 1),
        )
        .toEqual({ 1: APPS });
      expect(run.alive, world.outputs()).toBe(true);
    },
    150_000,
  );

  it('after both rounds, every app on the remote runs its round-2 image', () => {
    expect(everything.length).toBe(2 * APPS);
    for (const app of apps) {
      const image = `registry.example.com/fault/${app}:2.0.${apps.indexOf(app)}`;
      expect(world.remote.show(`apps/${app}/deployment.yaml`), `${app} on the remote`).toContain(`image: ${image} #`);
    }
  });

  it('the git password reaches neither the working copy on disk, nor a log line, nor Slack', () => {
    const onDisk = filesUnder(world.workdir).filter((file) => readFileSync(file).includes(GIT_PASSWORD));
    expect(
      onDisk.map((file) => file.slice(world.workdir.length)),
      'files in the working copy holding the password',
    ).toEqual([]);
    expect(world.outputs().includes(GIT_PASSWORD), 'Kanaria logged the password').toBe(false);
    expect(JSON.stringify(world.slack.calls).includes(GIT_PASSWORD), 'a Slack call carried the password').toBe(false);
  });
});
