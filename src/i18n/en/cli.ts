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
    /** Where in the input a fault is, when it is the whole document. */
    root: '(root)',
    /** One fault of the input: its place and what is wrong (zod's words). */
    fault: '{{path}}: {{problem}}',
    faultSeparator: '; ',
  },
};
