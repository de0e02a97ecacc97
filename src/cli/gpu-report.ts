/**
 * `npm run -s gpu-report -- --nodes <file> --pods <file> [--json] [--pool-label <label>]`: the GPU report
 * from the output of `kubectl get nodes -o json` and `kubectl get pods -A -o json`, without giving Kanaria
 * access to the cluster. `-` reads a file from standard input.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { gpuReportText } from '../blocks/gpu-text.js';
import { DEFAULT_LOCALE, wordsFor } from '../i18n/index.js';
import { DEFAULT_POOL_LABEL, gpuReport, summarizeNode, summarizePod } from '../domain/gpu.js';

function items(file: string, kind: string): unknown[] {
  let parsed: { items?: unknown[] } | null;
  try {
    parsed = JSON.parse(readFileSync(file === '-' ? 0 : file, 'utf8')) as { items?: unknown[] } | null;
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message} (expected the JSON of \`kubectl get ${kind} -o json\`)`);
  }
  if (!Array.isArray(parsed?.items))
    throw new Error(`${file}: not a ${kind} list (expected the JSON of \`kubectl get ${kind} -o json\`)`);
  return parsed.items;
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
    const nodes = items(args.nodes, 'nodes').flatMap(
      (n) => summarizeNode(n, args['pool-label'] ?? DEFAULT_POOL_LABEL) ?? [],
    );
    const pods = args.pods ? items(args.pods, 'pods').flatMap((p) => summarizePod(p) ?? []) : [];
    const report = gpuReport(nodes, pods, Date.now());
    // words: locale not plumbed yet (the CLI's own lines are English; LANG would choose)
    process.stdout.write(
      args.json
        ? `${JSON.stringify(args.pods ? report : { ...report, note: 'no --pods given: requested GPUs and pending pods are unknown' })}\n`
        : `${args.pods ? '' : 'No --pods given: requested GPUs and pending pods are unknown.\n'}${gpuReportText(wordsFor(DEFAULT_LOCALE), report)}`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
}

process.exitCode = main(process.argv.slice(2));
