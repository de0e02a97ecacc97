/** Hides credentials embedded in URLs (https://user:token@host) from messages and logs. */
export const redactCredentials = (text: string): string =>
  text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@');
