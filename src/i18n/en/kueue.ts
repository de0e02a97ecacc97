/**
 * Kueue: the "Queues (Kueue)" section of the GPU report and `/gpu why` (src/blocks/kueue.ts, commands/gpu-why.ts).
 * Queue, flavor, workload, product and resource names stay as Kubernetes and Kueue write them; Kueue's and the
 * scheduler's own messages are quoted as they are.
 */
export const kueue = {
  report: {
    title: 'Queues (Kueue):',
    /** One ClusterQueue's GPU resource in one flavor. */
    queue: '{{clusterQueue}} / {{flavor}} / {{resource}}: {{used, number}} used of {{nominal, number}} nominal quota',
    borrowed: '{{count, number}} borrowed',
    borrowingLimit: 'may borrow {{count, number}}',
    lendingLimit: 'lends at most {{count, number}}',
    borrowable: 'up to {{count, number}} more by borrowing',
    moreQueues: '… and {{count}} more queue rows',
    counted:
      '{{clusterQueue}}: {{active, number}} waiting their turn, {{inadmissible, number}} inadmissible (kueue_pending_workloads, all workloads)',
    pending: 'Workloads waiting for GPU quota: {{count}}',
    pendingWorkload: '{{position}}/{{of}} in {{clusterQueue}}: {{workload}} ({{requests}}): {{reason}}',
    /** Its quota reserved, it left the queue: no place in it. */
    reservedWorkload: 'in {{clusterQueue}}, quota reserved, waiting for admission checks: {{workload}} ({{requests}})',
    reservedWorkload_said:
      'in {{clusterQueue}}, quota reserved, waiting for admission checks: {{workload}} ({{requests}}): {{message}}',
    pendingNoQueue: '{{workload}} ({{requests}}), no ClusterQueue: {{reason}}',
    /** A pending workload without words from Kueue. */
    notYet: 'not looked at by Kueue yet',
    unreadable: 'Kueue could not be read: {{reason}}',
  },
  why: {
    reading: 'Looking into why {{target, quote}} waits; the answer follows privately.',
    title: 'Why {{target}} waits',
    titleRunning: '{{target}} is not waiting',
    running: 'It runs on node `{{node}}`.',
    asks: 'Each pod asks for {{what}}',
    asksPods: '{{count}} pods, each asking for {{what}}',
    onProduct: '{{requests}} on {{product}}',
    onProducts: '{{requests}} on one of {{products}}',
    profile: '{{what}} (MIG profile {{profile}})',
    scheduler: 'Scheduler: {{message}}',
    reasons: {
      running: 'It is not waiting.',
      kueue: 'Kueue has not admitted it (inadmissible): it waits for quota in its queue.',
      'kueue-checks': 'Kueue has reserved its quota: it waits for the admission checks.',
      gated: 'Kueue holds its pods back until it admits the workload (scheduling gate {{gates}}).',
      'no-gpu': 'It asks for no GPU; only the scheduler can say why it waits.',
      'no-such-capacity': 'No node it may run on offers what it asks for.',
      full_one:
        'No node that takes it has room: {{free, number}} free of what it asks on the {{nodes, number}} node it may use.',
      full_other:
        'No node that takes it has room: {{free, number}} free of what it asks on the {{nodes, number}} nodes it may use.',
      resting: 'Nodes with room for it take no pods: {{nodes}}.',
      tainted: 'Nodes with room for it have taints it does not tolerate: {{nodes}}.',
      short:
        'Room for only {{fit, number}} of its {{count, number}} pods now ({{nodes}}): the others need GPUs that are taken.',
      room_one:
        '{{count}} node has room for it now ({{nodes}}): the scheduler’s message says what else stands in the way.',
      room_other:
        '{{count}} nodes have room for it now ({{nodes}}): the scheduler’s message says what else stands in the way.',
    },
    elsewhere: 'Free on nodes of other products it does not select: {{products}}.',
    kueue: {
      workload: 'Kueue workload `{{workload}}`',
      queue: 'queue `{{queue}}` → ClusterQueue `{{clusterQueue}}`',
      position: 'number {{position}} of {{of}} waiting',
      state: {
        pending: 'not admitted',
        reserved: 'quota reserved, waiting for admission checks',
        admitted: 'admitted',
        finished: 'finished',
      },
      says: 'Kueue: {{message}}',
      quota:
        'Quota of flavor `{{flavor}}` for {{resource}}: {{used, number}} used of {{nominal, number}}; borrowing could give up to {{borrowable, number}} more.',
      noQueue: 'Its LocalQueue is not known to Kueue: no ClusterQueue takes it.',
    },
    unreadable: 'Kueue could not be read, so its side is missing: {{reason}}',
  },
  command: {
    badTarget: {
      message: '{{typed, quote}} is not `<namespace>/<pod or workload>`.',
      hint: 'e.g. `/gpu why ml-research/train-0`',
    },
  },
  /** Kanaria's role lacks Kueue's rules (an older deploy/base/rbac.yaml). */
  forbidden: {
    message: 'Kanaria may not list {{resource}} (RBAC), so Kueue’s queues and workloads are unknown.',
    hint: 'Grant its ServiceAccount "list" on clusterqueues, localqueues, workloads and resourceflavors of kueue.x-k8s.io (see deploy/base/rbac.yaml).',
  },
  /** `/gpu why` about a name the namespace does not have. */
  unknown: {
    message: 'There is no pod or Kueue workload {{target, quote}}.',
    message_near: 'There is no pod or Kueue workload {{target, quote}}. Did you mean {{near, alternatives}}?',
  },
  unknownNamespace: {
    message: 'There is no pod or Kueue workload in namespace {{namespace, quote}}.',
  },
};
