import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isNode, isScalar, visit } from 'yaml';
import { configSchema, type Config } from '../domain/config.js';

/**
 * A configuration problem that stops start-up (kanaria.yaml or the environment); the message names the file or
 * variable, the field and the fault, and is shown without a stack.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses and validates kanaria.yaml text; `file` is used in messages only. */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    const [first] = doc.errors;
    const where = first?.linePos?.[0];
    throw new ConfigError(
      `${file}${where ? `:${where.line}:${where.col}` : ''}: not valid YAML: ${first?.message.split('\n')[0]}`,
    );
  }
  const lineAt = (node: unknown): string =>
    isNode(node) && node.range ? `:${lineCounter.linePos(node.range[0]).line}` : '';
  // Validation would drop a `__proto__` key without a word: a name that silently vanishes is worse than an error.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && pair.key.value === '__proto__')
        throw new ConfigError(
          `${file}${lineAt(pair.key)}: \`__proto__\` cannot be a name in kanaria.yaml; choose another`,
        );
    },
  });
  const result = configSchema.safeParse(doc.toJS() ?? {});
  if (result.success) return result.data;

  /** The key node `key` of the map at `mapPath`: an unknown field or a bad name is on the key's line. */
  const keyNode = (mapPath: readonly string[], key: string | undefined): unknown => {
    const map = mapPath.length > 0 ? doc.getIn(mapPath, true) : doc.contents;
    return isMap(map) ? map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key)?.key : undefined;
  };
  const lines = result.error.issues.slice(0, 10).map((issue) => {
    const path = issue.path.map(String);
    const node =
      (issue.code === 'unrecognized_keys' && keyNode(path, issue.keys[0])) ||
      (issue.code === 'invalid_key' && keyNode(path.slice(0, -1), path.at(-1))) ||
      (doc.getIn(path, true) ?? doc.getIn(path.slice(0, -1), true));
    const field = path.length > 0 ? path.join('.') : '(top level)';
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.code === 'invalid_key'
          ? issue.issues.map((i) => i.message).join('; ')
          : issue.message;
    return `  ${file}${lineAt(node)}: ${field}: ${message}`;
  });
  throw new ConfigError(`Invalid configuration in ${file}:\n${lines.join('\n')}`);
}

export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      `${file}: cannot read the configuration (${code ?? String(error)}); set KANARIA_CONFIG to the path of kanaria.yaml`,
    );
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
  return new ConfigError(
    `No kanaria.yaml found: looked for ${looked.join(' and ')}. Create one there, or set KANARIA_CONFIG to its path.`,
  );
}
