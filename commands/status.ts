import type { StatusChange } from '../src/change.js';
import { enqueueChange, requireApp, type CommandDef } from '../src/command.js';
import type { Message } from '../src/chat.js';
import { statusMessage } from '../src/blocks/status.js';
import { DEFAULT_LOCALE, wordsFor } from '../src/i18n/index.js';
import { appFiles } from '../src/domain/config.js';
import type { JobDeps } from '../src/deps.js';

/** `/status <app>`: Argo CD's sync state and health, its revision against the Git head, the last operation. */
export const status: CommandDef & { read(change: StatusChange, deps: JobDeps): Promise<Message> } = {
  name: 'status',
  summary: "Show an app's Argo CD sync state, health, revision against the Git head and last operation",
  grammar: { usage: '/status <app>', example: '/status example-app', min: 1, max: 1, flags: [] },

  async run(request, { args: [appName = ''] }, deps) {
    requireApp(deps, appName);
    const person = await deps.directory.identify(request.userId);
    return enqueueChange(deps, request, { kind: 'status', app: appName }, person, false, `status of \`${appName}\``);
  },

  // On the gitops queue, like /history: it reads the repo where the jobs keep their working copy.
  async read(change, deps) {
    const app = requireApp(deps, change.app);
    const git = await deps.repo.read(async (tree) => {
      const head = (await tree.resolve('HEAD')) ?? '';
      const [last] = await tree.log({ paths: appFiles(app), limit: 1 });
      return { head, last };
    });
    const inFlight = await deps.registry.inFlight(change.app).catch(() => false);
    const t = wordsFor(DEFAULT_LOCALE); // words: locale not plumbed yet
    if (!app.argocd || !deps.argo)
      return statusMessage(t, {
        app: change.app,
        git,
        inFlight,
        ...(app.argocd
          ? { unavailable: 'Kanaria has no access to the Kubernetes API (no KUBECONFIG or in-cluster ServiceAccount).' }
          : {}),
      });
    const ref = { name: app.argocd.application, namespace: app.argocd.namespace };
    const state = await deps.argo.get(ref);
    const containsLastChange =
      state.revision && git.last
        ? await deps.repo.read((tree) => tree.contains(state.revision ?? '', git.last?.sha ?? ''))
        : undefined;
    return statusMessage(t, {
      app: change.app,
      application: `${ref.namespace}/${ref.name}`,
      state,
      git,
      inFlight,
      ...(containsLastChange !== undefined && { containsLastChange }),
    });
  },
};
