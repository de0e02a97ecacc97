import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isNode, isScalar, visit } from 'yaml';
import { configSchema, type Config } from '../domain/config.js';
import type { Words } from '../i18n/index.js';
import { logWords, type Phrase } from './progress.js';
import { phrase } from './startup-words.js';

/**
 * A configuration problem that stops start-up (kanaria.yaml or the environment); it names the file or variable,
 * the field and the fault, and is shown without a stack. It is worded where it is shown (`words`, in the
 * language of LANG); `message` is the English, for logs and tests.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly words: Phrase) {
    super(words(logWords));
  }
}

/** A list of faults under a heading: one fault per line, as "  file:line: field: what is wrong". */
export const faultList =
  (heading: Phrase, faults: readonly Phrase[]): Phrase =>
  (t: Words) =>
    [heading(t), ...faults.map((fault) => fault(t))].join('\n');

/** Parses and validates kanaria.yaml text; `file` is used in messages only. */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const [first] = doc.errors;
    const where = first?.linePos?.[0];
    // The YAML parser's own words stay as they are, as zod's do below.
    const at = `${file}${where ? `:${where.line}:${where.col}` : ''}`;
    throw new ConfigError(phrase('boot.config.notYaml', { at, reason: first?.message.split('\n')[0] }));
  }
  const lineAt = (node: unknown): string =>
    isNode(node) && node.range ? `:${lineCounter.linePos(node.range[0]).line}` : '';
  // Validation would drop a `__proto__` key without a word: a name that silently vanishes is worse than an error.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '__proto__')
        throw new ConfigError(phrase('boot.config.protoName', { at: `${file}${lineAt(pair.key)}` }));
    },
  });
  const result = configSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;

  /** The key node `key` of the map at `mapPath`: an unknown field or a bad name is on the key's line. */
  const keyNode = (mapPath: readonly string[], key: string | undefined): unknown => {
    const map = mapPath.length > 0 ? doc.getIn(mapPath, true) : doc.contents;
    return isMap(map) ? map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key)?.key : undefined;
  };
  const faults = result.error.issues.slice(0, 10).map((issue): Phrase => {
    const path = issue.path.map(String);
    const node =
      (issue.code === 'unrecognized_keys' && keyNode(path, issue.keys[0])) ||
      (issue.code === 'invalid_key' && keyNode(path.slice(0, -1), path.at(-1))) ||
      (doc.getIn(path, true) ?? doc.getIn(path.slice(0, -1), true));
    const at = `${file}${lineAt(node)}`;
    const problem = (t: Words): string =>
      issue.code === 'unrecognized_keys'
        ? t('boot.config.unknownFields', { fields: issue.keys.map((k) => `"${k}"`).join(', ') })
        : issue.code === 'invalid_key'
          ? issue.issues.map((i) => i.message).join('; ')
          : issue.message;
    return (t) =>
      t('boot.config.issue', {
        at,
        field: path.length > 0 ? path.join('.') : t('boot.config.topLevel'),
        problem: problem(t),
      });
  });
  throw new ConfigError(faultList(phrase('boot.config.invalid', { file }), faults));
}

export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(phrase('boot.config.cannotRead', { file, reason: code ?? String(error) }));
  }
  return parseConfig(text, file);
}

/** Where kanaria.yaml is looked for when KANARIA_CONFIG is unset, in this order (relative to the working directory). */
export const CONFIG_LOOKUP = ['./kanaria.yaml', '.kanaria/kanaria.yaml'] as const;

/**
 * The configuration file: KANARIA_CONFIG when set (reading it says if it is missing), else the first of
 * CONFIG_LOOKUP that exists under `cwd` (default: the working directory, paths kept relative as the user typed
 * them); `undefined` when there is none.
 */
export function findConfigFile(explicit: string | undefined, cwd?: string): string | undefined {
  if (explicit) return explicit;
  return CONFIG_LOOKUP.map((candidate) => (cwd ? join(cwd, candidate) : candidate)).find((path) => existsSync(path));
}

/** No KANARIA_CONFIG and nothing at the usual places: says exactly where Kanaria looked. */
export function noConfigFound(cwd = process.cwd()): ConfigError {
  const looked = CONFIG_LOOKUP.map((candidate) => resolve(cwd, candidate));
  return new ConfigError((t) => t('boot.config.notFound', { looked: looked.join(t('boot.config.lookedJoin')) }));
}
