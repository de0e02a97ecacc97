import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment } from '../helpers/harness.js';
import { deployRequest, FaultWorld, isQueued, PushGate, type KanariaRun } from '../helpers/fault-harness.js';
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

const APPS = 6;
const name = (i: number) => `web-${String(i).padStart(2, '0')}`;
const apps = Array.from({ length: APPS + 1 }, (_, i) => name(i));
const FILES = Object.fromEntries(
  apps.map((app) => [`apps/${app}/deployment.yaml`, deployment(app, `registry.example.com/stop/${app}:0.0.1`)]),
);
const CONFIG = `apps:\n${apps.map((app) => `  ${app}: { manifest: apps/${app}/deployment.yaml, container: web }`).join('\n')}\npolicies:\n  default: { deploy: ["*"] }\n`;

/**
 * A pod stop (SIGTERM, or Ctrl-C) right after acks: what was acked is finished before the process ends or
 * resumed by the next run, and announced either way. A request sent while nothing listens is refused by the
 * network, which is no lost ack (Slack shows the user the failure and retries nothing).
 */
describe('fault: SIGTERM right after the acks, and a request while Kanaria is stopped', () => {
  const world = new FaultWorld(FILES);
  let kanaria: KanariaRun;

  beforeAll(() => world.start(CONFIG), 120_000);
  afterAll(() => world.stop(), 60_000);

  it('a request sent while Kanaria is stopped is refused by the network and never carried out later', async () => {
    const unheard = await world.send(deployRequest(apps[APPS] ?? '', 'registry.example.com/stop/unheard:1.0.0', 60));
    expect(unheard.status).toBe('ECONNREFUSED');
    kanaria = await world.startKanaria();
    // Proof the started process works before looking for the unheard request's traces.
    const probe = await world.send(deployRequest(apps[0] ?? '', 'registry.example.com/stop/probe:1.0.0', 61));
    expect(isQueued(probe), probe.text).toBe(true);
    await world.settle(() => fatesOf([probe], world.slack, world.remote).every((f) => f.final === 'pushed'), {
      quietMs: 1_000,
      timeoutMs: 30_000,
    });
    const [fate] = fatesOf([unheard], world.slack, world.remote);
    expect(fate?.commits).toEqual([]);
    expect(fate?.announcements).toBe(0);
  }, 90_000);

  it('a change acked just before SIGTERM is finished or resumed, and announced: never committed silently', async () => {
    const acks = await world.sendAll(
      apps.slice(0, APPS).map((app, i) => deployRequest(app, `registry.example.com/stop/${app}:1.0.${i}`, i)),
    );
    expect(
      acks.filter((a) => !isQueued(a)).map((a) => `${a.request.app}: ${a.status} ${a.text}`),
      'every request is acked "Queued"',
    ).toEqual([]);
    const stoppedAt = Date.now();
    const exit = await kanaria.terminate();
    const stopMs = Date.now() - stoppedAt;
    const atStop = fatesOf(acks, world.slack, world.remote);

    kanaria = world.spawnKanaria();
    const restartedAt = Date.now();
    const settled = await world.settle(() => fatesOf(acks, world.slack, world.remote).every((f) => !isUnfinished(f)));
    const fates = fatesOf(acks, world.slack, world.remote);
    const figures = tally(fates);
    printFigures('SIGTERM after the acks', figures, {
      exit: exit.code ?? exit.signal,
      stopMs,
      finishedBeforeExit: atStop.filter((f) => !isUnfinished(f)).length,
      committedBeforeExit: atStop.filter((f) => f.commits.length > 0).length,
      settledAfterRestartMs: settled.settled ? settled.ms : `not within ${settled.ms} ms`,
      sinceRestartMs: Date.now() - restartedAt,
    });
    const explainIf = (what: string, bad: (f: Fate) => boolean) =>
      report(`SIGTERM: ${what}`, fates, bad, world.slack, world.remote, world.outputs());
    expect.soft(exit.code, `Kanaria did not stop cleanly on SIGTERM:\n${world.outputs()}`).toBe(0);
    expect.soft(figures.lost, explainIf('lost', isLost)).toBe(0);
    expect.soft(figures.doubled, explainIf('doubled', isDoubled)).toBe(0);
    expect.soft(figures.silent, explainIf('committed without saying so', isSilent)).toBe(0);
    expect.soft(figures.unfinished, explainIf('left without a final state', isUnfinished)).toBe(0);
    expect
      .soft(
        figures.announcements,
        explainIf('not exactly one announcement', (f) => f.announcements !== 1),
      )
      .toEqual({ 1: APPS });
  }, 120_000);

  it.each([
    { stop: 'SIGTERM to Node (a pod stop)', ctrlC: false, first: 10, landsLater: true },
    { stop: 'SIGINT to the whole group (Ctrl-C: git dies too)', ctrlC: true, first: 20, landsLater: false },
  ])(
    'a change whose push is in flight at $stop is resumed by the next run and announced once',
    async ({ stop, ctrlC, first, landsLater }) => {
      // The run the previous scenario restarted may still be starting (its changes can all be final at once).
      await world.ready(kanaria);
      const gate = new PushGate(world.remote.bare, join(world.dir, `gate-${first}`), false);
      gate.close();
      const acks = await world.sendAll(
        [0, 1, 2].map((i) =>
          deployRequest(apps[i] ?? '', `registry.example.com/stop/${apps[i]}:2.${first}.${i}`, first + i),
        ),
      );
      expect(
        acks.filter((a) => !isQueued(a)).map((a) => `${a.request.app}: ${a.status} ${a.text}`),
        'every request is acked "Queued"',
      ).toEqual([]);
      const held = await gate.held();
      const stoppedAt = Date.now();
      const exit = await kanaria.terminate({ ctrlC });
      const stopMs = Date.now() - stoppedAt;
      const atStop = fatesOf(acks, world.slack, world.remote);
      // The pod is gone, and the git processes it left with it. Then the remote either finishes the held push (as
      // a git host does once it has the whole pack) or never takes it (the connection died first).
      await kanaria.kill9();
      held.release({ refuse: !landsLater });
      gate.open();

      kanaria = world.spawnKanaria();
      const settled = await world.settle(() => fatesOf(acks, world.slack, world.remote).every((f) => !isUnfinished(f)));
      const fates = fatesOf(acks, world.slack, world.remote);
      const figures = tally(fates);
      printFigures(`${stop} with a push in flight`, figures, {
        exit: exit.code ?? exit.signal,
        stopMs,
        heldPushLanded: landsLater,
        announcedPushedBeforeExit: atStop.filter((f) => f.final === 'pushed').length,
        committedBeforeExit: atStop.filter((f) => f.commits.length > 0).length,
        settledAfterRestartMs: settled.settled ? settled.ms : `not within ${settled.ms} ms`,
      });
      const explainIf = (what: string, bad: (f: Fate) => boolean) =>
        report(`${stop} mid-push: ${what}`, fates, bad, world.slack, world.remote, world.outputs());
      // "Pushed" is said only of a commit the remote has: a push whose git process was killed did not succeed.
      const saidPushedTooSoon = atStop.filter((f) => f.final === 'pushed' && f.commits.length === 0);
      expect
        .soft(
          saidPushedTooSoon.map((f) => f.ack.request.app),
          explainIf('announced as pushed before the remote had the commit', (f) =>
            saidPushedTooSoon.some((s) => s.ack === f.ack),
          ),
        )
        .toEqual([]);
      expect.soft(figures.lost, explainIf('lost', isLost)).toBe(0);
      expect.soft(figures.doubled, explainIf('doubled', isDoubled)).toBe(0);
      expect.soft(figures.silent, explainIf('committed without saying so', isSilent)).toBe(0);
      expect.soft(figures.unfinished, explainIf('left without a final state', isUnfinished)).toBe(0);
      expect
        .soft(
          figures.announcements,
          explainIf('not exactly one announcement', (f) => f.announcements !== 1),
        )
        .toEqual({ 1: 3 });
    },
    150_000,
  );
});
