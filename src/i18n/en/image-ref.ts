/**
 * Why an image reference is refused (src/domain/image-ref.ts). Facts: the `reference` typed, and the part at
 * fault: `domain`, `port`, `digest`, `algorithm`, `length`, `tag`, `component`, `max`.
 */
export const imageRef = {
  empty: { message: '$t(imageRef.invalid) it is empty.', hint: '$t(imageRef.accepted)' },
  whitespace: { message: '$t(imageRef.invalid) it contains whitespace.', hint: '$t(imageRef.accepted)' },
  digestMissing: { message: '$t(imageRef.invalid) the digest after `@` is missing.', hint: '$t(imageRef.accepted)' },
  digestShape: {
    message: '$t(imageRef.invalid) digest {{digest, quote}} is not `algorithm:hex`.',
    hint: '$t(imageRef.accepted)',
  },
  digestAlgorithm: {
    message: '$t(imageRef.invalid) digest algorithm {{algorithm, quote}} is not supported (use sha256 or sha512).',
    hint: '$t(imageRef.accepted)',
  },
  digestLength: {
    message: '$t(imageRef.invalid) a {{algorithm}} digest has {{length}} lowercase hex digits.',
    hint: '$t(imageRef.accepted)',
  },
  tagEmpty: { message: '$t(imageRef.invalid) the tag after `:` is empty.', hint: '$t(imageRef.accepted)' },
  tagCharacters: {
    message:
      '$t(imageRef.invalid) tag {{tag, quote}} may use only letters, digits, `_`, `.`, `-` (at most 128, not starting with `.` or `-`).',
    hint: '$t(imageRef.accepted)',
  },
  nameMissing: { message: '$t(imageRef.invalid) the repository name is missing.', hint: '$t(imageRef.accepted)' },
  nameTooLong: {
    message: '$t(imageRef.invalid) the repository name is longer than {{max}} characters.',
    hint: '$t(imageRef.accepted)',
  },
  emptyComponent: { message: '$t(imageRef.invalid) it has an empty path component.', hint: '$t(imageRef.accepted)' },
  componentCharacters: {
    message:
      '$t(imageRef.invalid) {{component, quote}} must be lowercase letters and digits, separated by `.`, `_`, `__` or `-`.',
    hint: '$t(imageRef.accepted)',
  },
  registryPorts: {
    message: '$t(imageRef.invalid) registry {{domain, quote}} has more than one port.',
    hint: '$t(imageRef.accepted)',
  },
  registryPort: {
    message: '$t(imageRef.invalid) registry port {{port, quote}} is not a number.',
    hint: '$t(imageRef.accepted)',
  },
  registryHost: {
    message: '$t(imageRef.invalid) registry {{domain, quote}} is not a host name.',
    hint: '$t(imageRef.accepted)',
  },
  /** The start of every refusal above. */
  invalid: '{{reference, quote}} is not a valid image reference:',
  accepted: 'Use `repository[:tag][@sha256:<64 hex>]`, e.g. `nginx:1.27.0` or `ghcr.io/acme/llm-api@sha256:…`.',
};
