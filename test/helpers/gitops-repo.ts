import {
  GitOpsRepository,
  type GitOpsRepoOptions,
  type Healing,
  type Operation,
} from '../../src/adapters/gitops-repo.js';

/** A GitOpsRepository on `url` that records its pushes and repairs, as the metrics and the log would see them. */
export function openRepo(url: string, workdir: string, options: Partial<GitOpsRepoOptions> = {}) {
  const pushes: string[] = [];
  const healed: Healing[] = [];
  const repo = new GitOpsRepository({
    url,
    branch: 'main',
    workdir,
    committer: { name: 'Kanaria', email: 'kanaria@example.com' },
    pushAttempts: 5,
    onPush: (outcome) => pushes.push(outcome),
    onHeal: (healing) => healed.push(healing),
    ...options,
  });
  return { repo, pushes, healed };
}

/** Replaces `from` with `to` in one file; optionally runs `meanwhile` before returning, as if someone pushed during our work. */
export const replace = (
  requestId: string,
  path: string,
  from: string,
  to: string,
  meanwhile?: () => void,
): Operation<string> => ({
  requestId,
  async apply(tree) {
    const text = await tree.readFile(path);
    if (!text.includes(from)) throw new Error(`test setup: ${path} has no ${from}`);
    await tree.writeFile(path, text.replace(from, to));
    meanwhile?.();
    return {
      detail: to,
      commit: {
        message: { subject: `set ${path} to ${to}`, trailers: {} },
        author: { name: 'Ana Lima', email: 'ana@example.com' },
      },
    };
  },
});
