import type { Features, Need } from '../domain/features.js';

/*
 * What start-up says to a person (the terminal) or to the log (HTTP, Socket Mode, workers). English for now, kept
 * in this one module so that the message catalog can take them over.
 */

const howToTurnOn: Record<Need, string> = {
  cluster:
    "no Kubernetes credentials. To turn them on, set KUBECONFIG (or create ~/.kube/config), or run Kanaria in the cluster with its ServiceAccount; until then changes reach the cluster at Argo CD's next poll",
  prometheus: 'no Prometheus. To turn it on, set PROMETHEUS_URL (e.g. http://prometheus:9090)',
};

export const startupWords = {
  firstRun: (repo: string, configPath: string) =>
    `First run: created a local GitOps repo at ${repo} with example-app, and ${configPath} pointing at it.`,
  noRedisUrl: 'REDIS_URL is not set: Kanaria keeps its queues in Redis (e.g. REDIS_URL=redis://redis:6379)',
  noRedisServer:
    'REDIS_URL is not set and there is no redis-server on the PATH. Install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`) or set REDIS_URL=redis://host:6379.',
  startingRedis: 'Starting Redis… (a private redis-server, its data in .kanaria/redis)',
  privateRedisForSlack: 'REDIS_URL is not set: using a private redis-server; replicas will not share work',
  cloning: (repo: string) => `Cloning the GitOps repo… (${repo})`,
  fetching: (repo: string) => `Fetching the GitOps repo… (${repo})`,
  cloneFailed: (reason: string) =>
    `Could not fetch the GitOps repo yet (${reason}); each change tries again, and says so if it still cannot.`,
  featuresOn: (features: Features) => `On: ${features.on.join(', ')}.`,
  featuresOff: (need: Need, commands: readonly string[]) => `Off: ${commands.join(', ')}: ${howToTurnOn[need]}.`,
  terminalReady: (repo: string, branch: string) =>
    `Kanaria (terminal) is ready — GitOps repo ${repo}, branch ${branch}. Type /kanaria help, or exit.`,
  resuming: (count: number) => `Resuming ${count} change${count === 1 ? '' : 's'} queued before the restart.`,
  listening: 'Kanaria is listening',
  runningJobs: 'Kanaria is running jobs',
  shuttingDown: 'shutting down: finishing in-flight jobs',
};
