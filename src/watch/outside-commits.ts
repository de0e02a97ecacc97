import type { Logger } from 'pino';
import type { GitOpsRepo } from '../adapters/gitops-repo.js';
import type { OutsideLedger } from '../adapters/outside-ledger.js';
import { clip, escape, section } from '../blocks/gitops.js';
import type { Chat } from '../domain/chat.js';
import { shortSha, type CommitInfo } from '../domain/commits.js';
import { appFiles, type Config } from '../domain/config.js';
import { outsideCommitApps } from '../domain/outside.js';
import { chooseLocale, wordsFor } from '../i18n/index.js';

export interface OutsideCommitDeps {
  readonly config: Config;
  readonly logger: Logger;
  readonly chat: Chat;
  readonly repo: GitOpsRepo;
  readonly ledger: OutsideLedger;
  /** The app's stage moved: its pipeline's card is drawn again (src/queues/pipeline-card.ts). */
  readonly moved?: (app: string, sha: string) => Promise<void>;
}

/** How long stopping waits for a scan under way. */
const STOP_WAIT_MS = 3_000;

/** More commits than this between two fetches are a migration or a bulk edit: the newest are said. */
const MOST = 50;

/** Apps whose channel hears of outside commits: the scan runs only when there is one. */
const appsWithChannel = (config: Config): string[] =>
  Object.entries(config.apps)
    .filter(([, app]) => app.channel !== undefined)
    .map(([name]) => name);

/**
 * Fetches the GitOps remote and says, once in each app's channel, every commit since the last scan that changed
 * the app's files without Kanaria (no `Kanaria-Request:` trailer). The last head scanned is kept in Redis, so a
 * restart (or a new replica) starts from there; the first scan ever only records the head.
 */
export async function scanOutsideCommits(deps: OutsideCommitDeps): Promise<number> {
  const watched = appsWithChannel(deps.config);
  if (watched.length === 0) return 0;
  const files = watched.flatMap((name) => appFiles(deps.config.apps[name]!));
  const found = await deps.repo.read(async (tree) => {
    const head = (await tree.log({ limit: 1 }))[0]?.sha;
    const last = await deps.ledger.lastHead(tree.branch);
    // After a force-push the old head is no ancestor: nothing can be said of what changed.
    if (!head || !last || last === head || !(await tree.contains(head, last)))
      return { branch: tree.branch, head, changes: [] };
    const commits = (await tree.log({ ref: `${last}..${head}`, limit: MOST, paths: files })).reverse();
    const changes: { commit: CommitInfo; apps: string[] }[] = [];
    for (const commit of commits) {
      const apps = outsideCommitApps(deps.config, commit, await tree.changedFiles(commit.sha));
      if (apps.length > 0) changes.push({ commit, apps: apps.filter((a) => watched.includes(a)) });
    }
    return { branch: tree.branch, head, changes };
  });
  let told = 0;
  for (const { commit, apps } of found.changes) {
    for (const app of apps) {
      if (!(await deps.ledger.firstToTell(`commit:${commit.sha}:${app}`))) continue;
      const channel = deps.config.apps[app]?.channel as string;
      const t = wordsFor(chooseLocale(deps.config.locale, { channel }));
      const text = t('outside.commit', {
        app,
        sha: shortSha(commit.sha),
        // Someone else's words: escaped, so a subject cannot mention @channel or forge a link.
        author: escape(clip(commit.authorName, 100)),
        subject: escape(clip(commit.subject, 300)),
      });
      await deps.chat.post(channel, { text, blocks: [section(text)] });
      deps.logger.info({ app, sha: commit.sha }, 'commit made outside Kanaria');
      await deps.moved?.(app, commit.sha);
      told++;
    }
  }
  if (found.head) await deps.ledger.setLastHead(found.branch, found.head);
  return told;
}

/**
 * Scans every `intervalMs` (a light `git fetch`); a scan that fails is logged and tried again at the next tick.
 * Returns how to stop it (waiting a little for a scan under way).
 */
export function watchOutsideCommits(deps: OutsideCommitDeps, intervalMs: number): { stop(): Promise<void> } {
  if (appsWithChannel(deps.config).length === 0) return { stop: async () => undefined };
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const tick = () => {
    if (busy) return;
    busy = true;
    running = scanOutsideCommits(deps)
      .catch((error: unknown) => deps.logger.warn({ err: error }, 'could not look for commits made outside Kanaria'))
      .finally(() => (busy = false));
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      // A scan waiting on Redis that is away would wait for ever: shutting down does not.
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref())]);
    },
  };
}
