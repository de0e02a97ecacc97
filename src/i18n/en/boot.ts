/**
 * What start-up says (src/boot): the terminal's progress lines and the configuration and environment errors that
 * stop it. Variables, paths, commands and URLs stay as they are in every language.
 */
export const boot = {
  firstRun: 'First run: created a local GitOps repo at {{repo}} with example-app, and {{configPath}} pointing at it.',
  noRedisUrl: 'REDIS_URL is not set: Kanaria keeps its queues in Redis (e.g. REDIS_URL=redis://redis:6379)',
  noRedisServer:
    'REDIS_URL is not set and there is no redis-server on the PATH. Install Redis (Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`) or set REDIS_URL=redis://host:6379.',
  startingRedis: 'Starting Redis… (a private redis-server, its data in .kanaria/redis)',
  privateRedisForSlack: 'REDIS_URL is not set: using a private redis-server; replicas will not share work',
  cloning: 'Cloning the GitOps repo… ({{repo}})',
  fetching: 'Fetching the GitOps repo… ({{repo}})',
  cloneFailed:
    'Could not fetch the GitOps repo yet ({{reason}}); each change tries again, and says so if it still cannot.',
  /** `commands`: slash commands joined with ", ". */
  featuresOn: 'On: {{commands}}.',
  featuresOff: {
    cluster:
      "Off: {{commands}}: no Kubernetes credentials. To turn them on, set KUBECONFIG (or create ~/.kube/config), or run Kanaria in the cluster with its ServiceAccount; until then changes reach the cluster at Argo CD's next poll.",
    prometheus: 'Off: {{commands}}: no Prometheus. To turn them on, set PROMETHEUS_URL (e.g. http://prometheus:9090).',
  },
  terminalReady: 'Kanaria (terminal) is ready — GitOps repo {{repo}}, branch {{branch}}. Type /kanaria help, or exit.',
  resuming_one: 'Resuming {{count}} change queued before the restart.',
  resuming_other: 'Resuming {{count}} changes queued before the restart.',
  /** The private redis-server of the terminal (src/adapters/private-redis-dir.ts, redis-server-output.ts). */
  redis: {
    dirInUse:
      '{{dir}} holds the queue of another running Kanaria (pid {{pid}}); two Redis servers on one AOF would corrupt it. Stop that Kanaria first (if pid {{pid}} is not Kanaria, delete {{ownerFile}}).',
    /** `log`: redis-server's last lines, in its own words (startFailedLog, when there are any). */
    startFailed: 'redis-server exited with code {{exitCode}} while starting',
    startFailedLog: 'redis-server exited with code {{exitCode}} while starting: {{log}}',
    damagedAof:
      "The queue's append-only file in {{dir}} is damaged inside, not just cut short. Keep a copy of {{dir}}, then run `redis-check-aof --fix {{dir}}/appendonlydir/appendonly.aof.manifest` (it drops the damaged part and what follows).",
  },
  /** kanaria.yaml: "file:line: field: what is wrong". `at` is the file with its line (and column) when known. */
  config: {
    notYaml: '{{at}}: not valid YAML: {{reason}}',
    protoName: '{{at}}: `__proto__` cannot be a name in kanaria.yaml; choose another',
    invalid: 'Invalid configuration in {{file}}:',
    issue: '  {{at}}: {{field}}: {{problem}}',
    topLevel: '(top level)',
    /** `fields`: the unknown names, each in double quotes, joined with ", ". */
    unknownFields: 'unknown field(s) {{fields}}',
    cannotRead: '{{file}}: cannot read the configuration ({{reason}}); set KANARIA_CONFIG to the path of kanaria.yaml',
    /** `looked`: the absolute paths looked at, joined with " and " (`lookedJoin`). */
    notFound: 'No kanaria.yaml found: looked for {{looked}}. Create one there, or set KANARIA_CONFIG to its path.',
    lookedJoin: ' and ',
    noGitopsUrl: '{{file}}: gitops.url: no GitOps repository given; set gitops.url or GITOPS_REPO_URL',
  },
  /** The environment (variables and their values stay as they are). */
  env: {
    invalid: 'Invalid environment:',
    issue: '  {{variable}}: {{problem}}',
    roleNeedsRedis:
      'KANARIA_ROLE={{role}} hands work over through Redis: set REDIS_URL to the Redis its receivers and workers share',
    workerNeedsBotToken: 'KANARIA_ROLE=worker runs the jobs, which post to Slack: set SLACK_BOT_TOKEN (xoxb-…)',
    receiverNeedsSlack:
      'KANARIA_ROLE=receiver answers Slack: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)',
    appTokenWithoutBotToken:
      'SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not: Socket Mode needs both (xapp-… and xoxb-…)',
    botTokenWithoutWayIn:
      "SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP: to verify Slack's requests) nor SLACK_APP_TOKEN (Socket Mode) is",
    secretWithoutBotToken:
      'SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is not: Kanaria cannot post replies without it',
  },
};
