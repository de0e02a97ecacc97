import { describe, it, expect } from 'vitest';
import { BadImageRef, formatImageRef, parseImageRef, repositoryOf, type ImageRef } from '../../src/domain/image-ref.js';
import { quote } from '../../src/domain/quote.js';
import { explain, wordsFor, type Explanation, type Locale } from '../../src/i18n/index.js';

const sha256 = `sha256:${'f'.repeat(64)}`;
const sha512 = `sha512:${'f'.repeat(128)}`;

/** The refusal `parseImageRef` throws for `input`, as a person reads it; fails the test when it accepts the reference. */
function rejection(input: string, locale: Locale = 'en'): Explanation & { code: string } {
  try {
    parseImageRef(input);
  } catch (error) {
    if (error instanceof BadImageRef) return { code: error.code, ...explain(wordsFor(locale), error) };
    throw error;
  }
  throw new Error(`expected \`${input}\` to be rejected`);
}

describe('parseImageRef accepts', () => {
  it.each<[string, ImageRef]>([
    // Plain Docker Hub names.
    ['nginx', { path: 'nginx' }],
    ['nginx:1.27.0', { path: 'nginx', tag: '1.27.0' }],
    ['library/nginx:latest', { path: 'library/nginx', tag: 'latest' }],
    ['acme/ml/llm-api:v2', { path: 'acme/ml/llm-api', tag: 'v2' }],
    // Separators inside a path component: `.`, `_`, `__`, any run of `-`.
    ['acme/llm__api.v2_x--y', { path: 'acme/llm__api.v2_x--y' }],
    // Registries: a dot, a port or `localhost` makes the first component a registry.
    ['ghcr.io/acme/llm-api:1.2.3', { domain: 'ghcr.io', path: 'acme/llm-api', tag: '1.2.3' }],
    ['localhost/app', { domain: 'localhost', path: 'app' }],
    ['localhost:5000/app:dev', { domain: 'localhost:5000', path: 'app', tag: 'dev' }],
    ['registry.internal:443/team/app', { domain: 'registry.internal:443', path: 'team/app' }],
    ['Registry.Example.com/app', { domain: 'Registry.Example.com', path: 'app' }],
    // Digests, alone and with a tag.
    [`nginx@${sha256}`, { path: 'nginx', digest: sha256 }],
    [`ghcr.io/acme/api:1.2@${sha256}`, { domain: 'ghcr.io', path: 'acme/api', tag: '1.2', digest: sha256 }],
    // Tags: letters of both cases, digits, `_`, `.`, `-`; up to 128 characters.
    ['nginx:_private', { path: 'nginx', tag: '_private' }],
    ['nginx:v1.0-RC_2', { path: 'nginx', tag: 'v1.0-RC_2' }],
    [`nginx:${'a'.repeat(128)}`, { path: 'nginx', tag: 'a'.repeat(128) }],
    // Surrounding whitespace (e.g. from a Slack message) is ignored.
    ['  nginx:1.27.0 \n', { path: 'nginx', tag: '1.27.0' }],
  ])('%s', (input, expected) => {
    expect(parseImageRef(input)).toEqual(expected);
  });
});

/*
 * Cases mirrored from TestReferenceParse in github.com/distribution/reference, reference_test.go.
 * One deliberate difference: distribution's Parse treats any first component followed by `/` as the
 * domain (so `foo/foo_bar.com:8080` has domain `foo`); Kanaria follows docker's normalisation rule (a dot,
 * a port or `localhost`), so such a component stays in the path. The repository name is the same.
 */
describe('parseImageRef agrees with distribution/reference (reference_test.go)', () => {
  it.each<[string, { domain?: string; repository: string; tag?: string; digest?: string }]>([
    ['test_com', { repository: 'test_com' }],
    ['test.com:tag', { repository: 'test.com', tag: 'tag' }],
    ['test.com:5000', { repository: 'test.com', tag: '5000' }],
    ['test.com/repo:tag', { domain: 'test.com', repository: 'test.com/repo', tag: 'tag' }],
    ['test:5000/repo', { domain: 'test:5000', repository: 'test:5000/repo' }],
    ['test:5000/repo:tag', { domain: 'test:5000', repository: 'test:5000/repo', tag: 'tag' }],
    [`test:5000/repo@${sha256}`, { domain: 'test:5000', repository: 'test:5000/repo', digest: sha256 }],
    [`test:5000/repo:tag@${sha256}`, { domain: 'test:5000', repository: 'test:5000/repo', tag: 'tag', digest: sha256 }],
    ['lowercase:Uppercase', { repository: 'lowercase', tag: 'Uppercase' }],
    [
      `${'a/'.repeat(127)}a:tag-puts-this-over-max`,
      { repository: `${'a/'.repeat(127)}a`, tag: 'tag-puts-this-over-max' },
    ],
    [
      'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
      { domain: 'sub-dom1.foo.com', repository: 'sub-dom1.foo.com/bar/baz/quux', tag: 'some-long-tag' },
    ],
    [
      'b.gcr.io/test.example.com/my-app:test.example.com',
      { domain: 'b.gcr.io', repository: 'b.gcr.io/test.example.com/my-app', tag: 'test.example.com' },
    ],
    [
      'xn--n3h.com/myimage:xn--n3h.com',
      { domain: 'xn--n3h.com', repository: 'xn--n3h.com/myimage', tag: 'xn--n3h.com' },
    ],
    [
      `xn--7o8h.com/myimage:xn--7o8h.com@${sha512}`,
      { domain: 'xn--7o8h.com', repository: 'xn--7o8h.com/myimage', tag: 'xn--7o8h.com', digest: sha512 },
    ],
    ['foo_bar.com:8080', { repository: 'foo_bar.com', tag: '8080' }],
    ['foo/foo_bar.com:8080', { repository: 'foo/foo_bar.com', tag: '8080' }],
    ['192.168.1.1', { repository: '192.168.1.1' }],
    ['192.168.1.1:5000', { repository: '192.168.1.1', tag: '5000' }],
    ['192.168.1.1/repo', { domain: '192.168.1.1', repository: '192.168.1.1/repo' }],
    ['192.168.1.1:5000/repo:5050', { domain: '192.168.1.1:5000', repository: '192.168.1.1:5000/repo', tag: '5050' }],
    ['[2001:db8::1]/repo', { domain: '[2001:db8::1]', repository: '[2001:db8::1]/repo' }],
    [
      '[2001:db8:1:2:3:4:5:6]/repo:tag',
      { domain: '[2001:db8:1:2:3:4:5:6]', repository: '[2001:db8:1:2:3:4:5:6]/repo', tag: 'tag' },
    ],
    [
      `[2001:db8::1]:5000/repo:tag@${sha256}`,
      { domain: '[2001:db8::1]:5000', repository: '[2001:db8::1]:5000/repo', tag: 'tag', digest: sha256 },
    ],
    ['[::1]:5000/repo', { domain: '[::1]:5000', repository: '[::1]:5000/repo' }],
  ])('%s', (input, { domain, repository, tag, digest }) => {
    const ref = parseImageRef(input);
    expect(repositoryOf(ref)).toBe(repository);
    if (domain !== undefined) expect(ref.domain).toBe(domain);
    expect(ref.tag).toBe(tag);
    expect(ref.digest).toBe(digest);
    // Like distribution's `repo.String() != tc.input` check: formatting gives the input back.
    expect(formatImageRef(ref)).toBe(input);
  });

  it.each([
    ['', 'it is empty'],
    [':justtag', 'the repository name is missing'],
    [`@${sha256}`, 'the repository name is missing'],
    [`repo@sha256:${'f'.repeat(34)}`, 'a sha256 digest has 64 lowercase hex digits'],
    [`validname@invaliddigest:${'f'.repeat(64)}`, 'digest algorithm `invaliddigest` is not supported'],
    ['Uppercase:tag', '`Uppercase` must be lowercase'],
    ['test:5000/Uppercase/lowercase:tag', '`Uppercase` must be lowercase'],
    [`${'a/'.repeat(128)}a:tag`, 'the repository name is longer than 255 characters'],
    ['aa/asdf$$^/aa', '`asdf$$^` must be lowercase letters and digits'],
    ['[2001:db8::1]', 'tag `db8::1]`'],
    ['[2001:db8::1]:5000', 'tag `db8::1]:5000`'],
    ['[fe80::1%eth0]:5000/repo', 'registry `[fe80::1%eth0]:5000`'],
    ['[fe80::1%@invalidzone]:5000/repo', 'digest `invalidzone]:5000/repo` is not `algorithm:hex`'],
  ])('rejects %j: %s', (input, why) => {
    const error = rejection(input);
    expect(error.code).toBe('bad-image');
    expect(error.message).toContain(why);
  });

  // Also from distribution/reference: the FIXME in TestReferenceParse notes that an uppercase first
  // component is taken for a registry, which docker does too; Kanaria does the same.
  it('takes an uppercase first component for a registry, as docker does', () => {
    expect(parseImageRef('Uppercase/lowercase:tag')).toEqual({ domain: 'Uppercase', path: 'lowercase', tag: 'tag' });
  });
});

// Registry host names, after TestDomainRegexp in distribution/reference (regexp_test.go).
describe('parseImageRef registry host names', () => {
  it.each([
    'test.com',
    'test.com:10304',
    'localhost:8080',
    'a.b',
    'ab.cd.com',
    'a-b.com',
    'ab.c-om',
    '0101.com',
    '001a.com',
    'b.gbc.io:443',
    'xn--n3h.com',
    'Asdf.com',
  ])('accepts %s', (domain) => {
    expect(parseImageRef(`${domain}/app`).domain).toBe(domain);
  });

  it.each([
    ['test.com:http', 'registry port `http` is not a number'],
    ['-ab.com', 'registry `-ab.com` is not a host name'],
    ['ab-.com', 'registry `ab-.com` is not a host name'],
    ['ab.-com', 'registry `ab.-com` is not a host name'],
    ['ab.com-', 'registry `ab.com-` is not a host name'],
    ['a..b', 'registry `a..b` is not a host name'],
    ['localhost:123456', 'registry port `123456` is not a number'],
    ['host:1:2', 'registry `host:1:2` has more than one port'],
  ])('rejects %s: %s', (domain, why) => {
    expect(rejection(`${domain}/app`).message).toContain(why);
  });
});

describe('parseImageRef rejects, naming the fault', () => {
  it.each([
    // Whitespace inside.
    ['nginx 1.27', 'it contains whitespace'],
    ['nginx:1.27\tlatest', 'it contains whitespace'],
    // Uppercase in the path (only the registry may have capitals).
    ['Nginx', '`Nginx` must be lowercase'],
    ['acme/LLM-api:1', '`LLM-api` must be lowercase'],
    ['ghcr.io/Acme/api', '`Acme` must be lowercase'],
    // Path components: empty, or with separators at the ends or doubled.
    ['a//b', 'it has an empty path component'],
    ['/nginx', 'it has an empty path component'],
    ['acme/nginx/', 'it has an empty path component'],
    ['localhost:5000//app', 'it has an empty path component'],
    ['acme/-api', '`-api` must be lowercase letters and digits'],
    ['acme/api.', '`api.` must be lowercase letters and digits'],
    ['acme/a___b', '`a___b` must be lowercase letters and digits'],
    ['acme/a..b', '`a..b` must be lowercase letters and digits'],
    // Tags.
    ['nginx:', 'the tag after `:` is empty'],
    ['ghcr.io/acme/api:', 'the tag after `:` is empty'],
    ['nginx:.hidden', 'tag `.hidden` may use only'],
    ['nginx:-rc1', 'tag `-rc1` may use only'],
    ['nginx:v1+build', 'tag `v1+build` may use only'],
    ['nginx:1.0:2.0', 'tag `1.0:2.0` may use only'],
    [`nginx:${'a'.repeat(129)}`, 'at most 128'],
    // Digests.
    ['nginx@', 'the digest after `@` is missing'],
    ['nginx:1.27@', 'the digest after `@` is missing'],
    ['nginx@latest', 'digest `latest` is not `algorithm:hex`'],
    ['nginx@sha256', 'digest `sha256` is not `algorithm:hex`'],
    [`nginx@sha256:${'f'.repeat(63)}`, 'a sha256 digest has 64 lowercase hex digits'],
    [`nginx@sha256:${'f'.repeat(65)}`, 'a sha256 digest has 64 lowercase hex digits'],
    [`nginx@sha256:${'F'.repeat(64)}`, 'a sha256 digest has 64 lowercase hex digits'],
    [`nginx@sha256:${'g'.repeat(64)}`, 'a sha256 digest has 64 lowercase hex digits'],
    [`nginx@sha512:${'f'.repeat(64)}`, 'a sha512 digest has 128 lowercase hex digits'],
    [`nginx@sha265:${'f'.repeat(64)}`, 'digest algorithm `sha265` is not supported'],
    [`nginx@${sha256}@${sha256}`, 'is not `algorithm:hex`'],
  ])('%j: %s', (input, why) => {
    const error = rejection(input);
    expect(error.code).toBe('bad-image');
    expect(error.message).toContain(why);
    // The message quotes what was typed (trimmed, clipped, escaped), and the hint shows the accepted form.
    expect(error.message).toContain(`${quote(input.trim())} is not a valid image reference`);
    expect(error.hint).toContain('repository[:tag][@sha256:<64 hex>]');
  });

  it.each(['', '   ', '\n'])('%j: it is empty', (input) => {
    expect(rejection(input).message).toContain('is not a valid image reference: it is empty');
  });

  it.each([
    ['nginx 1.27', '`nginx 1.27` は有効なイメージ参照ではありません: 空白を含んでいます。'],
    ['Nginx', '`Nginx` は有効なイメージ参照ではありません: `Nginx` は小文字の英字と数字を'],
    [`nginx@sha512:${'f'.repeat(64)}`, 'sha512 のダイジェストは小文字の16進数128桁です。'],
    ['localhost:123456/app', 'レジストリのポート `123456` が数値ではありません。'],
  ])('%j in Japanese: %s', (input, why) => {
    const { message, hint } = rejection(input, 'ja');
    expect(message).toContain(why);
    expect(hint).toBe(
      '`repository[:tag][@sha256:<64 hex>]` の形式で指定してください。例: `nginx:1.27.0` 、 `ghcr.io/acme/llm-api@sha256:…`',
    );
  });

  it('does not mistake a digest for an object property name', () => {
    expect(rejection(`nginx@constructor:${'f'.repeat(64)}`).message).toContain(
      'digest algorithm `constructor` is not supported',
    );
  });
});

describe('formatImageRef and repositoryOf', () => {
  it.each<[ImageRef, string, string]>([
    [{ path: 'nginx' }, 'nginx', 'nginx'],
    [{ path: 'nginx', tag: '1.27.0' }, 'nginx', 'nginx:1.27.0'],
    [{ domain: 'localhost:5000', path: 'app', tag: 'dev' }, 'localhost:5000/app', 'localhost:5000/app:dev'],
    [{ domain: 'ghcr.io', path: 'acme/api', digest: sha256 }, 'ghcr.io/acme/api', `ghcr.io/acme/api@${sha256}`],
    [
      { domain: 'ghcr.io', path: 'acme/api', tag: '1.2', digest: sha256 },
      'ghcr.io/acme/api',
      `ghcr.io/acme/api:1.2@${sha256}`,
    ],
  ])('%j → %s, %s', (ref, repository, formatted) => {
    expect(repositoryOf(ref)).toBe(repository);
    expect(formatImageRef(ref)).toBe(formatted);
    expect(parseImageRef(formatted)).toEqual(ref);
  });

  it('drops surrounding whitespace when formatting what was parsed', () => {
    expect(formatImageRef(parseImageRef(' ghcr.io/acme/api:1.2 '))).toBe('ghcr.io/acme/api:1.2');
  });
});
