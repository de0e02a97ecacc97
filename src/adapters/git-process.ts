import { realpathSync } from 'node:fs';
import { dirname } from 'node:path';
import { GitError, type SimpleGitOptions } from 'simple-git';
import { splitRemoteUrl } from '../domain/remote-url.js';

const USERNAME = 'KANARIA_GIT_USERNAME';
const PASSWORD = 'KANARIA_GIT_PASSWORD';

/*
 * How the credentials reach git: a credential helper that prints them from its environment.
 * - Not in `.git/config`, not in any file: the working copy stores the URL without userinfo.
 * - Not on a command line (world-readable in `ps`): the helper's text below holds only variable names; the
 *   values live in the environment of our git processes, readable only by our own user.
 * - Not an `http.extraHeader`: that would send the secret with every request, before any challenge; a helper
 *   is asked only after the server answers 401, and git then says "Authentication failed" when it is wrong.
 * The empty `credential.helper=` first drops helpers from the system or user config, so that none of them
 * (`store`, a keychain) is handed our credentials to save on disk when git approves them.
 */
const HELPER = `!f() { test "$1" = get || exit 0; printf 'username=%s\\npassword=%s\\n' "$${USERNAME}" "$${PASSWORD}"; }; f`;

/*
 * simple-git 4 refuses an explicit environment that sets GIT_* (other than those allowed below), an editor, a
 * pager, an askpass program or PREFIX; a bot needs none of them from outside.
 */
const GUARDED = /^(?:git_.*|editor|visual|pager|ssh_askpass|prefix)$/i;

export interface GitProcess {
  /** The remote URL to store in `.git/config`: without userinfo. */
  readonly url: string;
  /** Options for simple-git; `env` for `simpleGit(...).env(env)`. */
  readonly options: Pick<SimpleGitOptions, 'config' | 'allowEnvironment' | 'unsafe' | 'errors'>;
  readonly env: Record<string, string>;
}

/** How Kanaria runs git in `workdir` against `remote` (which may carry http(s) credentials). */
export function gitProcess(remote: string, workdir: string): GitProcess {
  const { url, credentials } = splitRemoteUrl(remote);
  const ambient = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined && !GUARDED.test(entry[0]),
    ),
  );
  return {
    url,
    options: {
      config: credentials ? ['credential.helper=', `credential.helper=${HELPER}`] : [],
      allowEnvironment: ['GIT_TERMINAL_PROMPT', 'GIT_CEILING_DIRECTORIES'],
      unsafe: { allowUnsafeCredentialHelper: true },
      errors: failedUnlessExitZero,
    },
    env: {
      ...ambient,
      // Nobody can answer a prompt: fail at once (in the terminal adapter git would ask on the user's tty).
      GIT_TERMINAL_PROMPT: '0',
      // A damaged `.git` must not make git look upwards and work on an enclosing repository instead.
      GIT_CEILING_DIRECTORIES: dirname(realpathSync(workdir)),
      ...(credentials && { [USERNAME]: credentials.username, [PASSWORD]: credentials.password }),
    },
  };
}

/**
 * simple-git counts a run as failed only when git exits non-zero AND wrote to stderr. A git killed by a signal
 * (Ctrl-C reaches the whole process group) has no exit code, and a push killed that way was taken for a success:
 * announced "pushed" while the remote never got it. Commands that answer by exit code alone (`merge-base
 * --is-ancestor` says "no" with 1 and nothing on stderr) were read as "yes". Every run that did not exit 0 fails.
 */
export const failedUnlessExitZero: NonNullable<SimpleGitOptions['errors']> = (error, result) => {
  if (error) return error;
  if (result.exitCode === 0) return undefined;
  const output = Buffer.concat([...result.stdErr, ...result.stdOut]);
  return output.length > 0 ? output : new GitEnded(result.exitCode);
};

/**
 * git did not exit 0 and said nothing: killed by a signal (`exitCode` null), or an exit code alone. A GitError,
 * so that simple-git passes it on as it is (it wraps any other error in a GitError of its own).
 */
export class GitEnded extends GitError {
  override readonly name = 'GitEnded';
  constructor(readonly exitCode: number | null) {
    super(
      undefined,
      `git ended without an exit code of 0 (${exitCode === null ? 'killed by a signal' : `exit code ${exitCode}`})`,
    );
  }
}
