import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment } from '../helpers/harness.js';
import {
  deployRequest,
  FaultWorld,
  GIT_PASSWORD,
  GIT_USER,
  isQueued,
  PushGate,
  type KanariaRun,
} from '../helpers/fault-harness.js';
import {
  explain,
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

const run = promisify(execFile);
const WORKLOADS = 20;
const MANIFEST = 'apps/fleet/workloads.yaml';
const name = (i: number) => `svc-${String(i).padStart(2, '0')}`;
const workloads = Array.from({ length: WORKLOADS }, (_, i) => name(i));
const seedImage = (w: string) => `registry.example.com/fleet/${w}:1.0.0`;
const kanariaImage = (w: string) => `registry.example.com/fleet/${w}:2.0.0`;
const outsideImage = (w: string) => `registry.example.com/fleet/${w}:9.9.9-outside`;
const outsideReplicas = (i: number) => 10 + i;
/** One file holding every workload; each app selects its own with `workload:`. */
const FLEET = workloads.map((w) => deployment(w, seedImage(w))).join('---\n');
const CONFIG = `apps:\n${workloads.map((w) => `  ${w}: { manifest: ${MANIFEST}, container: web, workload: ${w} }`).join('\n')}\npolicies:\n  default: { deploy: ["*"] }\n`;

/** The YAML document of one workload in the fleet file. */
const docOf = (text: string, workload: string): string =>
  text.split(/^---$/m).find((doc) => doc.includes(`name: ${workload} #`)) ?? '';
const imageIn = (text: string, workload: string) => /image: (\S+) # bumped by Kanaria/.exec(docOf(text, workload))?.[1];
const replicasIn = (text: string, workload: string) => Number(/replicas: (\d+)/.exec(docOf(text, workload))?.[1]);

/** Sets one line of one workload, as a person editing the file would. */
function edit(text: string, workload: string, change: { image: string } | { replicas: number }): string {
  return text
    .split(/^(?=---$)/m)
    .map((doc) => {
      if (!doc.includes(`name: ${workload} #`)) return doc;
      return 'image' in change
        ? doc.replace(/image: \S+ # bumped by Kanaria/, `image: ${change.image} # bumped by Kanaria`)
        : doc.replace(/replicas: \d+/, `replicas: ${change.replicas}`);
    })
    .join('');
}

interface OutsideCommit {
  readonly workload: string;
  readonly change: { image: string } | { replicas: number };
  /** Set once pushed. */
  sha: string;
}

/**
 * Someone else's clone over the same smart-HTTP remote. Each push re-applies its edit on the latest main when
 * the branch moved (what a person does after a rejected push), so an outside change is never dropped.
 */
class OutsideClone {
  constructor(readonly dir: string) {}

  static async clone(url: string, dir: string): Promise<OutsideClone> {
    await run('git', ['clone', '--quiet', url, dir]);
    await run('git', ['-C', dir, 'config', 'user.name', 'Outsider']);
    await run('git', ['-C', dir, 'config', 'user.email', 'outsider@example.com']);
    return new OutsideClone(dir);
  }

  async push(commit: OutsideCommit): Promise<void> {
    const git = (...args: string[]) => run('git', ['-C', this.dir, ...args]);
    for (let attempt = 1; ; attempt++) {
      await git('fetch', '--quiet', 'origin', 'main');
      await git('reset', '--quiet', '--hard', 'origin/main');
      const file = join(this.dir, MANIFEST);
      writeFileSync(file, edit(readFileSync(file, 'utf8'), commit.workload, commit.change));
      await git('commit', '--quiet', '-am', `outside: ${commit.workload} ${JSON.stringify(commit.change)}`);
      try {
        await git('push', '--quiet', 'origin', 'HEAD:main');
        commit.sha = (await git('rev-parse', 'HEAD')).stdout.trim();
        return;
      } catch (error) {
        if (attempt >= 30) throw error;
      }
    }
  }
}

/**
 * 20 outside pushes race 20 deploys that edit the same file. Kanaria's first two pushes are held at the remote
 * until outside commits to some of the very lines they change have landed, so conflicts are certain, not left
 * to timing.
 */
describe('fault: 20 outside pushes racing 20 deploys of the same manifest file', () => {
  const world = new FaultWorld({ [MANIFEST]: FLEET });
  let kanaria: KanariaRun;
  let gate: PushGate;
  let outside: OutsideClone;

  beforeAll(async () => {
    await world.start(CONFIG);
    gate = new PushGate(world.remote.bare, join(world.dir, 'gate'), true);
    const url = new URL(world.plainUrl());
    [url.username, url.password] = [GIT_USER, GIT_PASSWORD];
    outside = await OutsideClone.clone(url.href, join(world.dir, 'outside'));
    kanaria = await world.startKanaria();
  }, 120_000);
  afterAll(() => world.stop(), 60_000);

  it('loses no update on either side, and refuses each conflict in its thread naming the commit that got there first', async () => {
    gate.close();
    const requests = workloads.map((w, i) => deployRequest(w, kanariaImage(w), i));
    const acks = await world.sendAll(requests);
    expect(
      acks.filter((a) => !isQueued(a)).map((a) => `${a.request.app}: ${a.status} ${a.text}`),
      'every deploy is acked "Queued"',
    ).toEqual([]);

    // Kanaria's next two pushes are held until outside commits to some of their very lines (and one to another
    // line) have landed: those conflicts are certain. The remaining outside pushes then race freely.
    const commits: OutsideCommit[] = [];
    const pushOutside = async (workload: string, change: OutsideCommit['change']) => {
      const commit: OutsideCommit = { workload, change, sha: '' };
      await outside.push(commit);
      commits.push(commit);
    };
    const appOf = (id: string) => requests.find((r) => r.id === id)?.app ?? '';
    const certain: string[] = [];
    let heldPushes = 0;
    for (const budget of [2, 4]) {
      const held = await gate.held(15_000).catch(() => undefined);
      if (!held) break;
      heldPushes++;
      const targets = held.requestIds
        .map(appOf)
        .filter((w) => !certain.includes(w))
        .slice(0, budget - certain.length);
      for (const workload of targets) await pushOutside(workload, { image: outsideImage(workload) });
      certain.push(...targets);
      const other = workloads.find(
        (w) => !commits.some((c) => c.workload === w) && !held.requestIds.map(appOf).includes(w),
      );
      if (other) await pushOutside(other, { replicas: outsideReplicas(workloads.indexOf(other)) });
      held.release();
    }
    gate.open();
    // Up to 4 outside commits change a line a deploy changes; the others change replicas.
    for (const workload of workloads.filter((w) => !certain.includes(w)).slice(0, 4 - certain.length))
      await pushOutside(workload, { image: outsideImage(workload) });
    for (const workload of workloads.filter((w) => !commits.some((c) => c.workload === w && 'replicas' in c.change))) {
      if (commits.length >= WORKLOADS) break;
      await pushOutside(workload, { replicas: outsideReplicas(workloads.indexOf(workload)) });
    }
    await world.settle(() => fatesOf(acks, world.slack, world.remote).every((f) => !isUnfinished(f)));
    const fates = fatesOf(acks, world.slack, world.remote);
    const history = world.remote.log().map((c) => c.sha);
    const text = world.remote.show(MANIFEST);
    const position = (sha: string) => history.indexOf(sha); // 0 is newest
    const outsideImageCommit = (w: string) => commits.find((c) => c.workload === w && 'image' in c.change);

    const refused = fates.filter((f) => f.final === 'failed');
    /** A refusal is right only where an outside commit changed that very line. */
    const falseConflicts = refused.filter((f) => !outsideImageCommit(f.ack.request.app));
    /** The refusal must name that commit (short sha), in the thread or the announcement. */
    const misnamed = refused.filter((f) => {
      const theirs = outsideImageCommit(f.ack.request.app);
      return theirs && ![f.finalText, ...f.replies].some((t) => t.includes(theirs.sha.slice(0, 7)));
    });
    const missedConflicts = fates.filter((f) => certain.includes(f.ack.request.app) && f.final !== 'failed');
    /** A push the branch moved under is replayed, not shown to people as a failure to reach the remote. */
    const warned = fates.filter((f) => f.shown.some((t) => /Could not push/i.test(t)));
    const outsideMissing = commits.filter((c) => position(c.sha) < 0);
    /** The final file holds, per line, the value of whichever side wrote it last. */
    const wrongValues = workloads.flatMap((w) => {
      const mine = fates.find((f) => f.ack.request.app === w);
      const theirs = outsideImageCommit(w);
      const candidates = [
        ...(mine && mine.commits[0] && position(mine.commits[0]) >= 0
          ? [{ at: position(mine.commits[0]), image: kanariaImage(w) }]
          : []),
        ...(theirs ? [{ at: position(theirs.sha), image: outsideImage(w) }] : []),
      ].sort((a, b) => a.at - b.at);
      const image = candidates[0]?.image ?? seedImage(w);
      const replicaCommit = commits.find((c) => c.workload === w && 'replicas' in c.change);
      const replicas = replicaCommit && 'replicas' in replicaCommit.change ? replicaCommit.change.replicas : 2;
      const problems: string[] = [];
      if (imageIn(text, w) !== image) problems.push(`${w}: image ${imageIn(text, w)}, expected ${image}`);
      if (replicasIn(text, w) !== replicas)
        problems.push(`${w}: replicas ${replicasIn(text, w)}, expected ${replicas}`);
      return problems;
    });

    const figures = tally(fates);
    printFigures('racing pushes', figures, {
      heldPushes,
      outsideCommits: commits.length,
      sameLineOutsideCommits: commits.filter((c) => 'image' in c.change).length,
      kanariaPushed: fates.filter((f) => f.final === 'pushed').length,
      certainConflicts: certain.length,
      refusedConflicts: refused.length,
      certainConflictsNotRefused: missedConflicts.length,
      shownCouldNotPush: warned.length,
      falseConflicts: falseConflicts.length,
      refusalsNamingTheWrongCommit: misnamed.length,
      outsideCommitsLost: outsideMissing.length,
      wrongFinalValues: wrongValues.length,
    });
    const outputs = world.outputs();
    const explainIf = (what: string, bad: (f: Fate) => boolean) =>
      report(`racing pushes: ${what}`, fates, bad, world.slack, world.remote, outputs);
    const outsideLog = commits.map((c) => `${c.sha.slice(0, 7)} ${c.workload} ${JSON.stringify(c.change)}`).join('\n');
    expect.soft(figures.lost, explainIf('lost', isLost)).toBe(0);
    expect.soft(figures.doubled, explainIf('doubled', isDoubled)).toBe(0);
    expect.soft(figures.silent, explainIf('committed without saying so', isSilent)).toBe(0);
    expect.soft(figures.unfinished, explainIf('left without a final state', isUnfinished)).toBe(0);
    expect
      .soft(
        figures.announcements,
        explainIf('not exactly one announcement', (f) => f.announcements !== 1),
      )
      .toEqual({ 1: WORKLOADS });
    expect
      .soft(
        outsideMissing.map((c) => c.sha),
        `outside commits missing from the final history:\n${outsideLog}`,
      )
      .toEqual([]);
    expect
      .soft(
        falseConflicts.map((f) => explain(f, world.slack)),
        `refused without a change to the same line (a lost update):\n${outsideLog}`,
      )
      .toEqual([]);
    expect
      .soft(
        missedConflicts.map((f) => explain(f, world.slack)),
        `deploys whose held commit conflicts with an outside commit, yet not refused:\n${outsideLog}`,
      )
      .toEqual([]);
    expect
      .soft(
        warned.map((f) => explain(f, world.slack)),
        'a push rejected because the branch moved was shown as "Could not push"',
      )
      .toEqual([]);
    expect
      .soft(
        misnamed.map((f) => explain(f, world.slack)),
        `refusals that do not name the outside commit to the same line:\n${outsideLog}`,
      )
      .toEqual([]);
    expect.soft(wrongValues, `the final ${MANIFEST}:\n${text}\noutside commits:\n${outsideLog}`).toEqual([]);
    expect(kanaria.alive, outputs).toBe(true);
  }, 150_000);
});
