/**
 * `npm run -s gpu-report -- --nodes <file> --pods <file> [--json] [--pool-label <label>]`: the GPU report
 * from the output of `kubectl get nodes -o json` and `kubectl get pods -A -o json`, without giving Kanaria
 * access to the cluster. `-` reads a file from standard input.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gpuReportText, wordedReport } from '../blocks/gpu-text.js';
import { localeFromEnvironment, wordsFor, type Words } from '../i18n/index.js';
import { DEFAULT_POOL_LABEL, gpuReport, summarizeNode, summarizePod } from '../domain/gpu.js';
import { kubeListItems, type KubeListProblem } from '../domain/kube-list.js';

const USAGE = 'npm run -s gpu-report -- --nodes <file> --pods <file> [--json] [--pool-label <label>]';

/** Why a file is not the list asked for, in words. */
function problemText(t: Words, problem: KubeListProblem, kind: 'Node' | 'Pod'): string {
  const kinds = `${kind.toLowerCase()}s`;
  switch (problem.kind) {
    case 'not-a-list':
      return t('cli.gpuReport.notAList', { kinds });
    case 'other-list':
      return t('cli.gpuReport.otherList', { listKind: problem.listKind, kind });
    case 'not-an-object':
      return t('cli.gpuReport.notAnObject', { item: problem.item });
    case 'no-kind':
      return t('cli.gpuReport.noKind', { item: problem.item });
    case 'other-kind':
      return t('cli.gpuReport.otherKind', { item: problem.item, found: problem.found, kind });
  }
}

function items(t: Words, file: string, kind: 'Node' | 'Pod'): readonly unknown[] {
  const expected = t('cli.gpuReport.expected', { kinds: `${kind.toLowerCase()}s` });
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8'));
  } catch (error) {
    // Node's own words say why the file could not be read or parsed.
    throw new Error(t('cli.gpuReport.badFile', { file, problem: (error as Error).message, expected }));
  }
  const result = kubeListItems(parsed, kind);
  if (result.ok) return result.items;
  const { problem } = result;
  // The first item of the other kind: most likely the two files were given the other way round.
  const swapped =
    problem.kind === 'other-kind' && problem.item === 1 && problem.found === (kind === 'Node' ? 'Pod' : 'Node');
  throw new Error(
    t('cli.gpuReport.badFile', {
      file,
      problem: problemText(t, problem, kind),
      expected: `${expected}${swapped ? t('cli.gpuReport.swapped') : ''}`,
    }),
  );
}

function main(argv: string[], t: Words): number {
  const usage = `${t('cli.usage', { command: USAGE })}\n`;
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
    // Node's own words (parseArgs) name the option.
    process.stderr.write(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (!args.nodes) {
    process.stderr.write(usage);
    return 2;
  }
  try {
    const nodes = items(t, args.nodes, 'Node').flatMap(
      (n) => summarizeNode(n, args['pool-label'] ?? DEFAULT_POOL_LABEL) ?? [],
    );
    const pods = args.pods ? items(t, args.pods, 'Pod').flatMap((p) => summarizePod(p) ?? []) : [];
    const report = gpuReport(nodes, pods, Date.now());
    process.stdout.write(
      args.json
        ? `${JSON.stringify(args.pods ? wordedReport(t, report) : { ...wordedReport(t, report), note: t('cli.gpuReport.noPodsNote') })}\n`
        : `${args.pods ? '' : `${t('cli.gpuReport.noPods')}\n`}${gpuReportText(t, report)}`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
}

// The report and its refusals speak the language of LANG (LC_ALL, LC_MESSAGES); the exit codes do not change.
process.exitCode = main(process.argv.slice(2), wordsFor(localeFromEnvironment(process.env)));
