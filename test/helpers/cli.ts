import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root, and tsx's loader as the project runs TypeScript in child processes. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
export const TSX = pathToFileURL(join(root, 'node_modules/tsx/dist/esm/index.mjs')).href;

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command from the repository root with `input` on stdin; resolves with its exit code and output. */
export function collect(command: string, args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env: process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** `node <script> <args>` through tsx (script relative to the repository root). */
export const runTs = (script: string, args: readonly string[], input?: string): Promise<Run> => collect(process.execPath, ['--import', TSX, join(root, script), ...args], input);
