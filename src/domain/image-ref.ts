import { UserFacingError } from './errors.js';
import { quote } from './quote.js';

/**
 * An OCI image reference, split the way the distribution spec's reference grammar does
 * (github.com/distribution/reference, regexp.go):
 *   reference := name [ ":" tag ] [ "@" digest ]
 *   name      := [domain "/"] path-component ["/" path-component]*
 */
export interface ImageRef {
  /** Registry host[:port], when the reference names one (e.g. `ghcr.io`, `localhost:5000`). */
  readonly domain?: string;
  /** Repository path without the domain (e.g. `library/nginx`, `org/llm-api`). */
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const domainComponent = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const digestPattern = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const knownDigestLengths = new Map([
  ['sha256', 64],
  ['sha512', 128],
]);
const maxNameLength = 255;

const bad = (reference: string, why: string): UserFacingError =>
  new UserFacingError(
    'bad-image',
    `${quote(reference)} is not a valid image reference: ${why}.`,
    'Use `repository[:tag][@sha256:<64 hex>]`, e.g. `nginx:1.27.0` or `ghcr.io/acme/llm-api@sha256:…`.',
  );

/** The first component is a registry when it has a dot or a port, or is `localhost` (docker's rule). */
const looksLikeDomain = (component: string): boolean =>
  component.includes('.') || component.includes(':') || component === 'localhost' || /[A-Z]/.test(component);

function checkDomain(reference: string, domain: string): void {
  const ipv6 = /^\[[0-9a-fA-F:.]+\](?::\d+)?$/;
  if (ipv6.test(domain)) return;
  const [host = '', port, ...rest] = domain.split(':');
  if (rest.length > 0) throw bad(reference, `registry ${quote(domain)} has more than one port`);
  if (port !== undefined && !/^\d{1,5}$/.test(port))
    throw bad(reference, `registry port ${quote(port)} is not a number`);
  if (!host.split('.').every((label) => domainComponent.test(label)))
    throw bad(reference, `registry ${quote(domain)} is not a host name`);
}

/** Parses and validates an image reference; throws a `bad-image` UserFacingError naming the fault. */
export function parseImageRef(input: string): ImageRef {
  const reference = input.trim();
  if (reference === '') throw bad(input, 'it is empty');
  if (/\s/.test(reference)) throw bad(reference, 'it contains whitespace');

  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (digest === '') throw bad(reference, 'the digest after `@` is missing');
    if (!digestPattern.test(digest)) throw bad(reference, `digest ${quote(digest)} is not \`algorithm:hex\``);
    const [algorithm = '', hex = ''] = digest.split(':');
    const length = knownDigestLengths.get(algorithm);
    if (length === undefined)
      throw bad(reference, `digest algorithm ${quote(algorithm)} is not supported (use sha256 or sha512)`);
    if (!new RegExp(`^[a-f0-9]{${length}}$`).test(hex)) {
      throw bad(reference, `a ${algorithm} digest has ${length} lowercase hex digits`);
    }
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (tag === '') throw bad(reference, 'the tag after `:` is empty');
    if (!tagPattern.test(tag))
      throw bad(
        reference,
        `tag ${quote(tag)} may use only letters, digits, \`_\`, \`.\`, \`-\` (at most 128, not starting with \`.\` or \`-\`)`,
      );
  }

  if (rest === '') throw bad(reference, 'the repository name is missing');
  if (rest.length > maxNameLength)
    throw bad(reference, `the repository name is longer than ${maxNameLength} characters`);
  const components = rest.split('/');
  let domain: string | undefined;
  if (components.length > 1 && looksLikeDomain(components[0] ?? '')) {
    domain = components.shift();
    checkDomain(reference, domain ?? '');
  }
  for (const component of components) {
    if (!pathComponent.test(component)) {
      throw bad(
        reference,
        component === ''
          ? 'it has an empty path component'
          : `${quote(component)} must be lowercase letters and digits, separated by \`.\`, \`_\`, \`__\` or \`-\``,
      );
    }
  }
  return {
    ...(domain !== undefined && { domain }),
    path: components.join('/'),
    ...(tag !== undefined && { tag }),
    ...(digest !== undefined && { digest }),
  };
}

/** The repository name as written in manifests: `[domain/]path`. */
export const repositoryOf = (ref: ImageRef): string =>
  ref.domain !== undefined ? `${ref.domain}/${ref.path}` : ref.path;

/** The reference as a single string, e.g. `ghcr.io/acme/api:1.2@sha256:…`. */
export const formatImageRef = (ref: ImageRef): string =>
  `${repositoryOf(ref)}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
