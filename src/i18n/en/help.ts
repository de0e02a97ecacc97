/** `/kanaria help`: what Kanaria is, and one line per command (its usage and example stay as typed). */
export const help = {
  intro: '*Kanaria* changes what runs on the cluster through commits to the GitOps repo.',
  command: '• `{{usage}}` — {{summary}}. e.g. `{{example}}`',
  dryRun: 'Commands that change something accept `--dry-run`: it shows the plan and the diff and commits nothing.',
  gate: 'Where the error budget or a freeze window holds a deploy, a scale-up or a promotion back, `--when-open` has it applied when the window opens and `--override "<reason>"` asks a second person to approve it (`/approve`).',
  /** One line per command, by its name (commands/*.ts). */
  /** `/gpu` subcommands, one line each after the command list. */
  gpuIdle:
    '• `/gpu idle` — list idle GPU candidates of the namespaces under `gpu.reclaim` (privately); their offers answer with `/gpu keep <id> 4h|1d` or `/gpu release <id>`',
  summaries: {
    deploy: "Set the image of an app's container (a commit in the GitOps repo)",
    promote:
      'Copy the image one stage of a pipeline runs into the next stage (a commit with a `Promoted-From:` trailer), once that stage is Synced, Healthy and its canary done',
    pipeline:
      "Post a pipeline's card: per stage what runs (image, commit, age), Argo CD sync and health, the canary, a lock, and a Promote to <next> button; updated in place as stages move",
    scale: 'Set the number of replicas of an app (a commit in the GitOps repo)',
    rollback: "Revert the app's last Kanaria change, or a given commit (git revert)",
    sync: "Make Argo CD sync an app to the Git head now and follow it until it is live (`hard` also drops Argo CD's manifest cache)",
    status: "Show an app's Argo CD sync state, health, revision against the Git head and last operation",
    canary: "Show an app's Argo Rollouts canary card with Promote / Promote full / Abort / Retry buttons, or press one",
    analyze:
      "Judge an app's running canary against stable from Prometheus (default window from kanaria.yaml, e.g. 30m) and post the verdict with a chart",
    gpu: 'Report GPUs per product and node pool: capacity, requested, free, pending GPU pods, top namespaces, Kueue queues; `/gpu usage [<namespace>|pool <name>] [7d|30d]`: showback in GPU-hours per namespace with efficiency, cost, a chart and a CSV; `/gpu why <namespace>/<pod|workload>` says privately why one waits',
    // 50: commands/history.ts MAX.
    history: "Show the app's last n commits in the GitOps repo (default 10, at most 50): who, what, when, commit id",
    approve:
      'Approve a break-glass override held back by the error budget or a freeze, or a change waiting for approvals (its request has the id and a button)',
    reject: 'Reject a change waiting for approvals, with a reason for its thread (the Reject button asks for it)',
    slo: "Show an app's error budget: left over the window, burn rates, alerts that would fire, when it runs out, a chart (`overrides`: its break-glass overrides)",
    lock: 'Hold an app (or a stage of a pipeline): changes by anyone else are refused until you unlock it or it expires (`--for 2h`)',
    unlock: 'Lift a lock: its holder, or someone in `policies.<env>.override`',
    kanaria: 'Show this help',
  },
};
