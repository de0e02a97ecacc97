import { sloStatusLine } from '../src/blocks/slo.js';
import { statusMessage } from '../src/blocks/status.js';
import type { Message } from '../src/domain/chat.js';
import { appFiles } from '../src/domain/config.js';
import { holds } from '../src/domain/locks.js';
import type { ReadJob } from '../src/queues/reads.js';
import type { JobContext } from './run-job.js';
import { sloStatusLines } from './slo-reports.js';

/** `/status`'s work (commands/status.ts asks): Argo CD's view of the app against the Git head. */
export async function status(appName: string, context: JobContext<ReadJob>): Promise<Message> {
  const { deps } = context;
  const app = context.app();
  // Asked at once, beside Git and Argo CD; never fails the status (a line says what could not be read).
  const slosRead = sloStatusLines(deps, appName, context.log);
  // Read where the jobs keep their working copy, like /history.
  const git = await deps.repo.read(async (tree) => {
    const head = (await tree.resolve('HEAD')) ?? '';
    const [last] = await tree.log({ paths: appFiles(app), limit: 1 });
    return { head, last };
  });
  const inFlight = await deps.registry.inFlight(appName).catch(() => false);
  // Redis away is transient: the job is retried (the queue lives there too).
  const lock = await deps.locks.get(appName);
  const held = holds(lock, Date.now()) ? { lock } : {};
  const slos = (await slosRead).map((line) => sloStatusLine(context.t, line));
  if (!app.argocd || !deps.argo)
    return statusMessage(context.t, {
      app: appName,
      git,
      inFlight,
      slos,
      ...held,
      ...(app.argocd ? { unavailable: context.t('jobs.status.noClusterAccess') } : {}),
    });
  const ref = { name: app.argocd.application, namespace: app.argocd.namespace };
  const state = await deps.argo.get(ref);
  const containsLastChange =
    state.revision && git.last
      ? await deps.repo.read((tree) => tree.contains(state.revision ?? '', git.last?.sha ?? ''))
      : undefined;
  return statusMessage(context.t, {
    app: appName,
    application: `${ref.namespace}/${ref.name}`,
    state,
    git,
    inFlight,
    slos,
    ...held,
    ...(containsLastChange !== undefined && { containsLastChange }),
  });
}
