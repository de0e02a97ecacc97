// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules that do I/O: the pure core, the contracts and the words never import them. */
const IO = [
  'node:fs',
  'node:fs/*',
  'node:child_process',
  'node:net',
  'node:http',
  'node:https',
  'node:worker_threads',
  'fs',
  'child_process',
  'simple-git',
  'bullmq',
  'ioredis',
  '@slack/bolt',
  '@slack/web-api',
  '@kubernetes/*',
  'pino',
];

/** One rule per folder: which folders it may not import, and why (the README's folder map says the same). */
const boundary = (files, groups, message, extra = []) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [{ group: groups.flatMap((g) => [`**/${g}`, `**/${g}/*`]), message }, ...extra],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.kanaria/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  // A command and its job share a contract in src/queues; neither reaches into the other.
  boundary(
    ['jobs/**/*.ts'],
    ['commands', 'src/dispatch'],
    'jobs/ never imports commands/: share a contract in src/queues.',
  ),
  boundary(['commands/**/*.ts'], ['jobs'], 'commands/ never imports jobs/: enqueue through a contract in src/queues.'),
  // Adapters speak in facts (typed errors with data); words are chosen in one layer.
  boundary(
    ['src/adapters/**/*.ts'],
    ['src/blocks', 'src/i18n', 'src/dispatch', 'src/boot', 'jobs', 'commands', 'blocks', 'i18n', 'dispatch', 'boot'],
    'src/adapters speaks in facts: no words (blocks, i18n), no commands, jobs or start-up wiring.',
  ),
  // The pure core: no I/O, no words, nothing above it.
  boundary(
    ['src/domain/**/*.ts'],
    ['adapters', 'blocks', 'i18n', 'queues', 'dispatch', 'boot', 'slack', 'terminal', 'jobs', 'commands'],
    'src/domain is pure: it imports only src/domain.',
    [{ group: IO, message: 'src/domain does no I/O.' }],
  ),
  // Contracts and words are pure too: data shapes and catalogs.
  boundary(
    ['src/queues/**/*.ts'],
    ['adapters', 'blocks', 'i18n', 'dispatch', 'boot', 'slack', 'terminal', 'jobs', 'commands'],
    'src/queues holds contracts: payload types, queue names, job ids (imports src/domain only).',
    [{ group: IO, message: 'src/queues does no I/O.' }],
  ),
  boundary(
    ['src/i18n/**/*.ts'],
    ['adapters', 'blocks', 'queues', 'dispatch', 'boot', 'slack', 'terminal', 'jobs', 'commands'],
    'src/i18n is the catalog: words and formatting only (imports src/domain only).',
    [{ group: IO, message: 'src/i18n does no I/O.' }],
  ),
);
