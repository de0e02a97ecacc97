/**
 * `npm run -s gpu-report -- --nodes <file> --pods <file> [--json] [--pool-label <label>]`: the GPU report
 * from the output of `kubectl get nodes -o json` and `kubectl get pods -A -o json`, without giving Kanaria
 * access to the cluster. `-` reads a file from standard input.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gpuReportText, wordedReport } from '../blocks/gpu-text.js';
import { DEFAULT_LOCALE, wordsFor } from '../i18n/index.js';
import { DEFAULT_POOL_LABEL, gpuReport, summarizeNode, summarizePod } from '../domain/gpu.js';
import { kubeListItems, type KubeListProblem } from '../domain/kube-list.js';

/** Why a file is not the list asked for, in words. */
function problemText(problem: KubeListProblem, kind: 'Node' | 'Pod'): string {
  switch (problem.kind) {
    case 'not-a-list':
      return `not a ${kind.toLowerCase()}s list`;
    case 'other-list':
      return `a ${problem.listKind}, not a list of ${kind}s`;
    case 'not-an-object':
      return `item ${problem.item} is not an object`;
    case 'no-kind':
      return `item ${problem.item} has no kind`;
    case 'other-kind':
      return `item ${problem.item} is a ${problem.found}, not a ${kind}`;
  }
}

function items(file: string, kind: 'Node' | 'Pod'): readonly unknown[] {
  const expected = `expected the JSON of \`kubectl get ${kind.toLowerCase()}s -o json\``;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message} (${expected})`);
  }
  const result = kubeListItems(parsed, kind);
  if (result.ok) return result.items;
  const { problem } = result;
  // The first item of the other kind: most likely the two files were given the other way round.
  const swapped =
    problem.kind === 'other-kind' && problem.item === 1 && problem.found === (kind === 'Node' ? 'Pod' : 'Node');
  throw new Error(
    `${file}: ${problemText(problem, kind)} (${expected}${swapped ? '; were --nodes and --pods swapped?' : ''})`,
  );
}

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        nodes: { type: 'string' },
        pods: { type: 'string' },
        json: { type: 'boolean', default: false },
        'pool-label': { type: 'string', default: DEFAULT_POOL_LABEL },
      },
    }).values;
  } catch (error) {
    process.stderr.write(
      `${(error as Error).message}\nusage: npm run -s gpu-report -- --nodes <file> --pods <file> [--json] [--pool-label <label>]\n`,
    );
    return 2;
  }
  if (!args.nodes) {
    process.stderr.write(
      'usage: npm run -s gpu-report -- --nodes <file> --pods <file> [--json] [--pool-label <label>]\n',
    );
    return 2;
  }
  try {
    const nodes = items(args.nodes, 'Node').flatMap(
      (n) => summarizeNode(n, args['pool-label'] ?? DEFAULT_POOL_LABEL) ?? [],
    );
    const pods = args.pods ? items(args.pods, 'Pod').flatMap((p) => summarizePod(p) ?? []) : [];
    const report = gpuReport(nodes, pods, Date.now());
    // words: locale not plumbed yet (the CLI's own lines are English; LANG would choose)
    process.stdout.write(
      args.json
        ? `${JSON.stringify(args.pods ? wordedReport(wordsFor(DEFAULT_LOCALE), report) : { ...wordedReport(wordsFor(DEFAULT_LOCALE), report), note: 'no --pods given: requested GPUs and pending pods are unknown' })}\n`
        : `${args.pods ? '' : 'No --pods given: requested GPUs and pending pods are unknown.\n'}${gpuReportText(wordsFor(DEFAULT_LOCALE), report)}`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
