import { CodedRefusal, type MessageParams } from './errors.js';

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

/** Why a reference is refused: a key of the catalog's `imageRef` area. */
export type ImageRefFault =
  | 'empty'
  | 'whitespace'
  | 'digestMissing'
  | 'digestShape'
  | 'digestAlgorithm'
  | 'digestLength'
  | 'tagEmpty'
  | 'tagCharacters'
  | 'nameMissing'
  | 'nameTooLong'
  | 'emptyComponent'
  | 'componentCharacters'
  | 'registryPorts'
  | 'registryPort'
  | 'registryHost';

/** An image reference Kanaria refuses. Facts: the `reference` typed, the `fault`, and the part at fault. */
export class BadImageRef extends CodedRefusal {
  override readonly name = 'BadImageRef';
  constructor(
    readonly fault: ImageRefFault,
    reference: string,
    facts: MessageParams = {},
  ) {
    super('bad-image', `imageRef.${fault}`, { ...facts, reference });
  }
}

const bad = (reference: string, fault: ImageRefFault, facts?: MessageParams): BadImageRef =>
  new BadImageRef(fault, reference, facts);

/** The first component is a registry when it has a dot or a port, or is `localhost` (docker's rule). */
const looksLikeDomain = (component: string): boolean =>
  component.includes('.') || component.includes(':') || component === 'localhost' || /[A-Z]/.test(component);

function checkDomain(reference: string, domain: string): void {
  const ipv6 = /^\[[0-9a-fA-F:.]+\](?::\d+)?$/;
  if (ipv6.test(domain)) return;
  const [host = '', port, ...rest] = domain.split(':');
  if (rest.length > 0) throw bad(reference, 'registryPorts', { domain });
  if (port !== undefined && !/^\d{1,5}$/.test(port)) throw bad(reference, 'registryPort', { port });
  if (!host.split('.').every((label) => domainComponent.test(label))) throw bad(reference, 'registryHost', { domain });
}

/** Parses and validates an image reference; throws a BadImageRef naming the fault. */
export function parseImageRef(input: string): ImageRef {
  const reference = input.trim();
  if (reference === '') throw bad(input, 'empty');
  if (/\s/.test(reference)) throw bad(reference, 'whitespace');

  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (digest === '') throw bad(reference, 'digestMissing');
    if (!digestPattern.test(digest)) throw bad(reference, 'digestShape', { digest });
    const [algorithm = '', hex = ''] = digest.split(':');
    const length = knownDigestLengths.get(algorithm);
    if (length === undefined) throw bad(reference, 'digestAlgorithm', { algorithm });
    if (!new RegExp(`^[a-f0-9]{${length}}$`).test(hex)) {
      throw bad(reference, 'digestLength', { algorithm, length });
    }
  }

  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (tag === '') throw bad(reference, 'tagEmpty');
    if (!tagPattern.test(tag)) throw bad(reference, 'tagCharacters', { tag });
  }

  if (rest === '') throw bad(reference, 'nameMissing');
  if (rest.length > maxNameLength) throw bad(reference, 'nameTooLong', { max: maxNameLength });
  const components = rest.split('/');
  let domain: string | undefined;
  if (components.length > 1 && looksLikeDomain(components[0] ?? '')) {
    domain = components.shift();
    checkDomain(reference, domain ?? '');
  }
  for (const component of components) {
    if (!pathComponent.test(component)) {
      throw component === '' ? bad(reference, 'emptyComponent') : bad(reference, 'componentCharacters', { component });
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
