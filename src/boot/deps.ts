import type { Logger } from 'pino';
import type { ArgoApplications } from '../adapters/argocd.js';
import type { GitOpsRepo } from '../adapters/gitops-repo.js';
import type { Chat, Directory } from '../domain/chat.js';
import type { Config } from '../domain/config.js';
import type { KanariaMetrics } from '../adapters/metrics.js';
import type { JobQueue } from '../queues/queue.js';
import type { GitopsJob } from '../queues/gitops.js';
import type { ReadJob } from '../queues/reads.js';
import type { ReconcileJob } from '../queues/reconcile.js';
import type { CanaryJob } from '../queues/canary.js';
import type { AnalysisJob } from '../queues/analysis.js';
import type { GpuReportJob } from '../queues/gpu.js';
import type { ReleaseCostJob } from '../queues/slo.js';
import type { ReconcileRegistry } from '../adapters/reconcile-registry.js';
import type { CardRegistry } from '../adapters/card-registry.js';
import type { PipelineCards } from '../adapters/pipeline-cards.js';
import type { AlertLedger } from '../adapters/alert-ledger.js';
import type { Rollouts } from '../adapters/rollouts.js';
import type { Prometheus } from '../adapters/prometheus.js';
import type { GpuSource } from '../adapters/gpu-inventory.js';
import type { WhySource } from '../adapters/gpu-why.js';
import type { KueueSource } from '../adapters/kueue.js';
import type { GateLedger } from '../adapters/gate-ledger.js';
import type { LockLedger } from '../adapters/locks.js';
import type { SloSource } from '../adapters/slo-source.js';
import type { ApprovalLedger } from '../adapters/approval-ledger.js';
import type { ApprovalEndJob } from '../queues/approvals.js';
import type { ReclaimJob } from '../queues/gpu-reclaim.js';
import type { ReclaimLedger } from '../adapters/reclaim-ledger.js';
import type { ReclaimSource } from '../adapters/reclaim-cluster.js';

/** Everything a command needs, built once at start-up and handed down (no module singletons). */
export interface Deps {
  readonly config: Config;
  readonly logger: Logger;
  readonly chat: Chat;
  readonly directory: Directory;
  readonly queues: {
    readonly gitops: JobQueue<GitopsJob>;
    readonly reads: JobQueue<ReadJob>;
    readonly reconcile: JobQueue<ReconcileJob>;
    readonly canary: JobQueue<CanaryJob>;
    readonly analysis: JobQueue<AnalysisJob>;
    readonly gpu: JobQueue<GpuReportJob>;
    /** The cost of a release, posted some time after it went live. */
    readonly slo: JobQueue<ReleaseCostJob>;
    /** Quorum-approval requests' expiries (delayed jobs). */
    readonly approvals: JobQueue<ApprovalEndJob>;
    /** Idle GPUs handed back: the scan, each offer's deadline, message updates. */
    readonly reclaim: JobQueue<ReclaimJob>;
  };
  readonly registry: ReconcileRegistry;
  /** Break-glass requests waiting for approval, and changes waiting for a freeze to end. */
  readonly gate: GateLedger;
  /** `/lock`: who holds which app (checked at the ack and again before a commit). */
  readonly locks: LockLedger;
  /** Changes held until enough people approve them (policies.<env>.approvals). */
  readonly approvals: ApprovalLedger;
  /** Offers of idle GPUs and their answers (gpu.reclaim). */
  readonly reclaim: ReclaimLedger;
  readonly metrics: KanariaMetrics;
}

/** What jobs need besides: the GitOps repository (its working copy lives where the jobs run) and Argo CD. */
export interface JobDeps extends Deps {
  readonly repo: GitOpsRepo;
  /** Absent when no Kubernetes configuration was found: changes then reach the cluster at Argo CD's next poll. */
  readonly argo?: ArgoApplications;
  readonly rollouts?: Rollouts;
  readonly cards: CardRegistry;
  /** Where each pipeline's card is posted (`/pipeline`). */
  readonly pipelineCards: PipelineCards;
  /** Absent without PROMETHEUS_URL: analysis answers that it has nothing to ask. */
  readonly prometheus?: Prometheus;
  /** Absent without PROMETHEUS_URL: the error-budget gate cannot tell (policies.<env>.errorBudgetUnknown decides). */
  readonly slo?: SloSource;
  readonly gpu?: GpuSource;
  /** The opted-in namespaces' GPU pods, for the reclaim of idle GPUs. */
  readonly reclaimSource?: ReclaimSource;
  /** Kueue's queues and workloads (none when Kueue is not installed: read answers undefined). */
  readonly kueue?: KueueSource;
  /** What `/gpu why` reads besides Kueue. */
  readonly why?: WhySource;
  readonly alerts: AlertLedger;
}
