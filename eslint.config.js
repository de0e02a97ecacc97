// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    // The pure core: no I/O, nothing from adapters, Slack, Redis, git or Kubernetes.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../adapters/*', '../slack/*', '../../jobs/*', '../../commands/*'],
              message: 'src/domain is pure: no adapters.',
            },
            {
              group: [
                'node:fs',
                'node:fs/*',
                'node:child_process',
                'node:net',
                'node:http',
                'fs',
                'child_process',
                'simple-git',
                'bullmq',
                'ioredis',
                '@slack/*',
                '@kubernetes/*',
              ],
              message: 'src/domain does no I/O.',
            },
          ],
        },
      ],
    },
  },
);
