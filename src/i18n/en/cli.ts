/**
 * The command-line tools (src/cli): their usage, refusals of bad input and their human-readable report lines.
 * Options, file names, JSON fields and the tools' own output formats stay as they are.
 */
export const cli = {
  usage: 'usage: {{command}}',
  gpuReport: {
    /** `expected`: what the file should have been (`expected`), and maybe the `swapped` hint after it. */
    badFile: '{{file}}: {{problem}} ({{expected}})',
    expected: 'expected the JSON of `kubectl get {{kinds}} -o json`',
    swapped: '; were --nodes and --pods swapped?',
    notAList: 'not a {{kinds}} list',
    otherList: 'a {{listKind}}, not a list of {{kind}}s',
    notAnObject: 'item {{item}} is not an object',
    noKind: 'item {{item}} has no kind',
    otherKind: 'item {{item}} is a {{found}}, not a {{kind}}',
    noPods: 'No --pods given: requested GPUs and pending pods are unknown.',
    /** The same, as the `note` of the JSON report. */
    noPodsNote: 'no --pods given: requested GPUs and pending pods are unknown',
  },
  /** A tool's JSON input (src/cli/json-input.ts): a fault's place and what is wrong (zod's words). */
  input: {
    /** Where in the input a fault is, when it is the whole document. */
    root: '(root)',
    fault: '{{path}}: {{problem}}',
    faultSeparator: '; ',
  },
  verdict: {
    /** The lines of --help after the usage line. */
    help: `Judges a recorded canary against stable, as Kanaria's analysis does, and prints the verdict as one JSON line.
<file.json> (or - for standard input):
  {"metrics":[{"name","direction":"increase|decrease|either","critical","weight","allowedIncrease",
    "allowedDecrease","canary":[[ts,value],…],"stable":[[ts,value],…]}],
   "options":{"confidence","tolerance","passScore","marginalScore"}}

Exit codes:
  0   the verdict is pass
  1   the verdict is fail
  2   the verdict is inconclusive (too little data, or a score below passScore that is not a fail)
  64  bad input: usage, a file that cannot be read, is not JSON or not the shape above (nothing on stdout)
`,
    tooManyFiles_one: '{{count}} file given: the judge reads one file at a time',
    tooManyFiles_other: '{{count}} files given: the judge reads one file at a time',
  },
  slo: {
    /** The lines of --help after the usage line. */
    help: `Computes an SLO's error budget offline, as Kanaria's gate and /slo do, and prints one JSON line.
<file.json> (or - for standard input):
  {"objective":99.9,"windowDays":30,"now":<unix seconds>,
   "requests":[[ts,counter],…],"errors":[[ts,counter],…]}
  Counters are cumulative, as Prometheus scrapes them; resets are handled as increase() does.
  A windowDays under 28 is a 30-day window sped up: each burn window shrinks by the same factor.

Output: {"budgetRemaining","burnRates":{"5m","30m","1h","2h","6h","1d","3d"},"alerts":[…],"exhaustsAt"}
  (null: no data for that window; exhaustsAt null: nothing burns, or no data)

Exit codes:
  0   computed
  64  bad input: usage, a file that cannot be read, is not JSON or not the shape above (nothing on stdout)
`,
    tooManyFiles_one: '{{count}} file given: the calculator reads one file at a time',
    tooManyFiles_other: '{{count}} files given: the calculator reads one file at a time',
    /** A counter sample whose timestamp is not after the one before it. */
    unsorted: 'timestamps must increase from one sample to the next',
  },
};
