import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

export const EXAMPLE_MANIFEST = `# example-app: a plain Deployment, managed by Argo CD from this repo.
# Kanaria edits only the values it is asked to change; comments and layout stay as they are.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: example-app
  labels:
    app: example-app
spec:
  replicas: 2 # scaled with /scale
  selector:
    matchLabels:
      app: example-app
  template:
    metadata:
      labels:
        app: example-app
    spec:
      containers:
        - name: web
          image: nginx:1.25.0 # bumped with /deploy
          ports:
            - containerPort: 80
          resources:
            requests: { cpu: 50m, memory: 64Mi }
`;

const exampleConfig = (
  repo: string,
) => `# Created by Kanaria on its first run in the terminal. See README.md for every field.
gitops:
  url: ${repo}
  branch: main
apps:
  example-app:
    environment: development
    manifest: apps/example-app/deployment.yaml
    container: web
policies:
  default: { deploy: ["*"], promote: ["*"] }
`;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'Kanaria',
      GIT_AUTHOR_EMAIL: 'kanaria@localhost',
      GIT_COMMITTER_NAME: 'Kanaria',
      GIT_COMMITTER_EMAIL: 'kanaria@localhost',
    },
  });

/**
 * First run of the terminal adapter without a kanaria.yaml: a local bare GitOps repo with an example app,
 * and a configuration pointing at it, both under `dir` (.kanaria/). Returns the config path.
 */
export async function createLocalPlayground(
  dir: string,
): Promise<{ configPath: string; repo: string; created: boolean }> {
  const configPath = join(dir, 'kanaria.yaml');
  const repo = resolve(dir, 'gitops.git');
  if (existsSync(configPath)) return { configPath, repo, created: false };
  await mkdir(dir, { recursive: true });
  if (!existsSync(repo)) {
    execFileSync('git', ['init', '--bare', '--quiet', '--initial-branch=main', repo]);
    const seed = mkdtempSync(join(tmpdir(), 'kanaria-seed-'));
    try {
      git(seed, 'init', '--quiet', '--initial-branch=main');
      await mkdir(join(seed, 'apps/example-app'), { recursive: true });
      await writeFile(join(seed, 'apps/example-app/deployment.yaml'), EXAMPLE_MANIFEST);
      git(seed, 'add', '-A');
      git(seed, 'commit', '--quiet', '-m', 'example-app: initial manifest');
      git(seed, 'push', '--quiet', repo, 'HEAD:refs/heads/main');
    } finally {
      rmSync(seed, { recursive: true, force: true });
    }
  }
  // Relative to the configuration file, so both can move together.
  await writeFile(configPath, exampleConfig(`./${relative(resolve(dir), repo)}`));
  return { configPath, repo, created: true };
}
