import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment } from '../helpers/harness.js';
import { deployRequest, FaultWorld, isQueued, PushGate, type Ack, type KanariaRun } from '../helpers/fault-harness.js';
import {
  clockCommits,
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
import { waitUntil } from '../helpers/wait.js';

const APPS = 12;
/** Sent while the first push is held, Redis killed right after their acks: they need Redis to go on. */
const LATE = 6;
const OUTAGE_MS = 3_000;
const name = (i: number) => `api-${String(i).padStart(2, '0')}`;
const apps = Array.from({ length: APPS + LATE + 3 }, (_, i) => name(i));
const FILES = Object.fromEntries(
  apps.map((app) => [`apps/${app}/deployment.yaml`, deployment(app, `registry.example.com/outage/${app}:0.0.1`)]),
);
const CONFIG = `apps:\n${apps.map((app) => `  ${app}: { manifest: apps/${app}/deployment.yaml, container: web }`).join('\n')}\npolicies:\n  default: { deploy: ["*"] }\n`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Redis SIGKILLed while a push is in flight and started again 3 s later on the same port and append-only file:
 * Kanaria stays up, says it is not ready, answers commands "NOT queued" meanwhile, and finishes what it acked.
 */
describe('fault: Redis kill -9 mid-flight, back after 3 s on the same port and data', () => {
  const world = new FaultWorld(FILES);
  let gate: PushGate;
  let run: KanariaRun;

  beforeAll(async () => {
    await world.start(CONFIG);
    gate = new PushGate(world.remote.bare, join(world.dir, 'gate'), false);
    run = await world.startKanaria();
  }, 120_000);
  afterAll(() => world.stop(), 60_000);

  it('stays up, answers "NOT queued" with a 200 while Redis is away, and lands every change acked before: 0 lost, 0 doubled', async () => {
    gate.close();
    const first = await world.sendAll(
      apps.slice(0, APPS).map((app, i) => deployRequest(app, `registry.example.com/outage/${app}:1.0.${i}`, i)),
    );
    await gate.held();
    // A push is in flight; more changes are acked, and Redis dies right after their acks. The held push then goes through.
    const late = await world.sendAll(
      apps
        .slice(APPS, APPS + LATE)
        .map((app, i) => deployRequest(app, `registry.example.com/outage/${app}:1.1.${i}`, APPS + i)),
    );
    const clock = clockCommits(world.remote, 100);
    await world.redis.kill9();
    const downAt = Date.now();
    gate.open();
    const acks = [...first, ...late];
    expect(
      acks.filter((a) => !isQueued(a)).map((a) => `${a.request.app}: ${a.status} ${a.text}`),
      'every request before the outage is acked "Queued"',
    ).toEqual([]);
    const during: Ack[] = [
      await world.send(deployRequest(apps[APPS + LATE] ?? '', 'registry.example.com/outage/refused:1.0.0', 40)),
    ];
    const notReadyAfterMs = await waitUntil(
      '/readyz to answer 503 while Redis is away',
      async () => (await run.readyz()) === 503 && Date.now() - downAt,
      OUTAGE_MS - 500,
      50,
    ).catch(() => undefined);
    during.push(
      ...(await world.sendAll(
        [1, 2].map((k) =>
          deployRequest(apps[APPS + LATE + k] ?? '', `registry.example.com/outage/refused:1.0.${k}`, 40 + k),
        ),
      )),
    );
    await pause(Math.max(0, OUTAGE_MS - (Date.now() - downAt)));
    const aliveThroughOutage = run.alive;
    const committedDuringOutage = clock.seen.size;

    await world.redis.start();
    const backAt = Date.now();
    const readyAgainAfterMs = await waitUntil(
      '/readyz to answer 200 after Redis is back',
      async () => (await run.readyz()) === 200 && Date.now() - backAt,
      30_000,
      50,
    ).catch(() => undefined);
    const settleFrom = Date.now() - backAt;
    const settled = await world.settle(() => fatesOf(acks, world.slack, world.remote).every((f) => !isUnfinished(f)));
    clock.stop();

    const fates = fatesOf(acks, world.slack, world.remote);
    const afterReturn = acks
      .map((a) => clock.seen.get(a.request.id))
      .filter((t): t is number => t !== undefined && t >= backAt)
      .map((t) => t - backAt);
    const figures = tally(fates);
    printFigures('Redis outage', figures, {
      processStayedUp: aliveThroughOutage,
      notReadyAfterMs: notReadyAfterMs ?? 'never 503',
      notQueuedReplies: during.filter((a) => a.status === 200 && /NOT queued/.test(a.text)).length,
      duringOutageAnswers: during.map((a) => a.status),
      committedDuringOutage,
      readyAgainAfterMs: readyAgainAfterMs ?? 'never 200',
      firstCommitAfterReturnMs: afterReturn.length ? Math.min(...afterReturn) : 'none (all landed during the outage)',
      lastCommitAfterReturnMs: afterReturn.length ? Math.max(...afterReturn) : 'none',
      lastVisibleChangeAfterReturnMs: settled.settled ? settleFrom + settled.ms : `not settled within ${settled.ms} ms`,
    });

    const outputs = world.outputs();
    expect.soft(aliveThroughOutage, `Kanaria ended while Redis was away:\n${outputs}`).toBe(true);
    expect.soft(notReadyAfterMs, '/readyz kept answering 200 (or nothing) while Redis was away').toBeDefined();
    expect
      .soft(
        during.map((a) => `${a.status} ${a.text.slice(0, 90)}`),
        'requests during the outage get a 200 saying NOT queued',
      )
      .toEqual(during.map(() => expect.stringMatching(/^200 .*NOT queued/)));
    expect.soft(readyAgainAfterMs, `/readyz did not answer 200 after Redis came back:\n${outputs}`).toBeDefined();
    const explainIf = (what: string, bad: (f: Fate) => boolean) =>
      report(`Redis outage: ${what}`, fates, bad, world.slack, world.remote, outputs);
    expect.soft(figures.lost, explainIf('lost', isLost)).toBe(0);
    expect.soft(figures.doubled, explainIf('doubled', isDoubled)).toBe(0);
    expect.soft(figures.silent, explainIf('committed without saying so', isSilent)).toBe(0);
    expect.soft(figures.unfinished, explainIf('left without a final state', isUnfinished)).toBe(0);
    expect
      .soft(
        figures.announcements,
        explainIf('not exactly one announcement', (f) => f.announcements !== 1),
      )
      .toEqual({ 1: APPS + LATE });
    // "NOT queued" means it: nothing of those requests may happen once Redis is back.
    const refused = fatesOf(during, world.slack, world.remote);
    expect
      .soft(
        refused.filter((f) => f.commits.length > 0 || f.announcements > 0).map((f) => f.ack.request.app),
        'requests answered "NOT queued" were carried out after all',
      )
      .toEqual([]);
    expect(run.alive, outputs).toBe(true);
  }, 150_000);
});
