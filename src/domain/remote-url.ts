export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface RemoteUrl {
  /** The URL with its userinfo removed: safe to store in `.git/config` and to show. */
  readonly url: string;
  readonly credentials?: Credentials;
}

// Userinfo runs to the last `@` of the authority (a raw `@` may sit in a token), never past `/`, `?` or `#`.
const HTTP_USERINFO = /^(https?:\/\/)([^/?#]*)@/i;

const decode = (part: string): string => {
  try {
    return decodeURIComponent(part);
  } catch {
    return part; // not percent-encoded after all: git would take it as written
  }
};

/**
 * Splits the credentials out of an http(s) remote URL (`https://user:token@host/repo.git`). ssh URLs (whose
 * user is a login, not a secret), scp-style `git@host:repo` and local paths come back unchanged.
 */
export function splitRemoteUrl(remote: string): RemoteUrl {
  const match = HTTP_USERINFO.exec(remote);
  if (!match) return { url: remote };
  const [whole, scheme = '', userinfo = ''] = match;
  const url = scheme + remote.slice(whole.length);
  if (userinfo === '') return { url };
  const colon = userinfo.indexOf(':');
  const username = decode(colon < 0 ? userinfo : userinfo.slice(0, colon));
  const password = colon < 0 ? '' : decode(userinfo.slice(colon + 1));
  return { url, credentials: { username, password } };
}
