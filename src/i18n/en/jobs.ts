/**
 * What the jobs themselves say (jobs/run-job.ts and the processors): a failure after the retries, an internal error,
 * jobs given up on, canary presses refused, autopilot's notes, GPU report notes. Facts: `count` (attempts),
 * `reason` (already worded), `app`, `action` (worded), `sha`, `rule`, `state`, `score`, `streak`, `passes`.
 */
export const jobs = {
  failure: {
    /** The last attempt failed: the reason is the error's own words, or its text when it has none. */
    gaveUp_one: 'Kanaria could not finish this after {{count}} attempt ({{reason}}).',
    gaveUp_other: 'Kanaria could not finish this after {{count}} attempts ({{reason}}).',
    tryAgain: 'Try again in a few minutes; if it persists, tell the platform team.',
    /** An error without words of its own, as a change's announcement says it (the log has the details). */
    internal: 'Kanaria hit an internal error.',
    /** The same, in a reconcile's progress message, with the error's text. */
    transient: 'A transient error stopped Kanaria ({{reason}}).',
  },
  /** Jobs BullMQ gave up on because their worker kept dying (jobs/abandoned.ts). */
  abandoned: {
    answering: 'Kanaria was interrupted again and again while answering this, and gave up.',
    working: 'Kanaria was interrupted again and again while working on this, and gave up.',
  },
  /** A press of a canary card's button that Kanaria refuses (told privately to whoever pressed). */
  press: {
    alreadyDone: 'Already done: {{done}}.',
    outOfDate: {
      message: 'This card is out of date: the rollout has moved on since it was drawn.',
      hint: 'The card now shows where it stands; press again if it is still what you want.',
    },
    nothingTo: 'There is nothing to {{action}} on `{{app}}` now ({{state}}).',
    aborted: 'aborted',
    updating: 'updating',
    twoPerson: {
      message:
        'You may not {{action}} `{{app}}`: {{rule}} — you made the change that is rolling out (commit `{{sha}}`).',
      hint: 'Ask someone else allowed to promote.',
    },
  },
  /** What autopilot did after an analysis, under the verdict. */
  autopilot: {
    aborted: ':robot_face: Autopilot *aborted* the canary: {{reason}} (score {{score}}).',
    promoted_one: ':robot_face: Autopilot *promoted* the canary after {{count}} passing analysis in a row.',
    promoted_other: ':robot_face: Autopilot *promoted* the canary after {{count}} passing analyses in a row.',
    streak_one: ':robot_face: Autopilot: {{streak}} of {{count}} passing analysis before it promotes.',
    streak_other: ':robot_face: Autopilot: {{streak}} of {{count}} passing analyses before it promotes.',
  },
  gpu: {
    noDcgm: 'No DCGM metrics from Prometheus: idle GPUs are not shown.',
    /** A node that takes no new pods (NotReady is the Kubernetes condition, as kubectl shows it). */
    resting: {
      cordoned: '{{node}} (cordoned)',
      notReady: '{{node}} (NotReady)',
      both: '{{node}} (cordoned) (NotReady)',
    },
    /** Why a GPU pod waits when the scheduler gave no words of its own. */
    pending: { notScheduled: 'not scheduled', waiting: 'waiting to be scheduled' },
  },
  status: {
    noClusterAccess: 'Kanaria has no access to the Kubernetes API (no KUBECONFIG or in-cluster ServiceAccount).',
  },
};
