import type { WorkTree } from '../src/adapters/git-tree.js';
import type { JobDeps } from '../src/boot/deps.js';
import { appFiles, type AppConfig } from '../src/domain/config.js';
import { PromotionRefused, sourceProblem, type SourceFacts } from '../src/domain/promotion.js';

/**
 * The source stage of a promotion, read where it runs: its last commit (Git), its Argo CD Application and its
 * Rollout (Kubernetes), read at once. Throws PromotionRefused with the facts when it is not settled; what cannot be
 * read for want of Kubernetes credentials is left out (the change's thread says so, see `uncheckedParts`).
 */
export async function checkSource(
  deps: Pick<JobDeps, 'argo' | 'rollouts'>,
  tree: WorkTree,
  stage: string,
  app: AppConfig,
): Promise<{ lastCommit?: string }> {
  const argocd =
    app.argocd && deps.argo ? { name: app.argocd.application, namespace: app.argocd.namespace } : undefined;
  // Git and both Kubernetes reads at once: they are what a promotion adds to a deploy (bench:promote).
  const [[last], state, rollout] = await Promise.all([
    tree.log({ paths: appFiles(app), limit: 1 }),
    argocd && deps.argo?.get(argocd),
    app.rollout && deps.rollouts?.get(app.rollout),
  ]);
  const contains = state?.revision && last ? await tree.contains(state.revision, last.sha) : false;
  const facts: SourceFacts = {
    stage,
    ...(last && { lastCommit: last.sha }),
    ...(argocd &&
      state && { application: { name: `${argocd.namespace}/${argocd.name}`, state, containsLastCommit: contains } }),
    ...(rollout && { rollout: rollout.state }),
  };
  const problem = sourceProblem(facts);
  if (problem) throw new PromotionRefused(problem.why, problem);
  return last ? { lastCommit: last.sha } : {};
}

/** The checks of the source stage Kanaria could not make: its config names them, but there are no credentials. */
export const uncheckedParts = (deps: Pick<JobDeps, 'argo' | 'rollouts'>, app: AppConfig): ('argocd' | 'rollout')[] => [
  ...(app.argocd && !deps.argo ? (['argocd'] as const) : []),
  ...(app.rollout && !deps.rollouts ? (['rollout'] as const) : []),
];
