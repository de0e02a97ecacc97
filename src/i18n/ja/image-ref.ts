import type { imageRef as en } from '../en/image-ref.js';
import type { Shape } from '../shape.js';

export const imageRef: Shape<typeof en> = {
  empty: { message: '$t(imageRef.invalid) 空です。', hint: '$t(imageRef.accepted)' },
  whitespace: { message: '$t(imageRef.invalid) 空白を含んでいます。', hint: '$t(imageRef.accepted)' },
  digestMissing: {
    message: '$t(imageRef.invalid) `@` の後のダイジェストがありません。',
    hint: '$t(imageRef.accepted)',
  },
  digestShape: {
    message: '$t(imageRef.invalid) ダイジェスト {{digest, quote}} が `algorithm:hex` の形式ではありません。',
    hint: '$t(imageRef.accepted)',
  },
  digestAlgorithm: {
    message:
      '$t(imageRef.invalid) ダイジェストのアルゴリズム {{algorithm, quote}} には対応していません（sha256 か sha512 を使ってください）。',
    hint: '$t(imageRef.accepted)',
  },
  digestLength: {
    message: '$t(imageRef.invalid) {{algorithm}} のダイジェストは小文字の16進数{{length}}桁です。',
    hint: '$t(imageRef.accepted)',
  },
  tagEmpty: { message: '$t(imageRef.invalid) `:` の後のタグが空です。', hint: '$t(imageRef.accepted)' },
  tagCharacters: {
    message:
      '$t(imageRef.invalid) タグ {{tag, quote}} に使えるのは英字、数字、 `_` 、 `.` 、 `-` だけです（128文字以内、 `.` と `-` で始めないでください）。',
    hint: '$t(imageRef.accepted)',
  },
  nameMissing: { message: '$t(imageRef.invalid) リポジトリ名がありません。', hint: '$t(imageRef.accepted)' },
  nameTooLong: {
    message: '$t(imageRef.invalid) リポジトリ名が{{max}}文字を超えています。',
    hint: '$t(imageRef.accepted)',
  },
  emptyComponent: { message: '$t(imageRef.invalid) パスに空の要素があります。', hint: '$t(imageRef.accepted)' },
  componentCharacters: {
    message:
      '$t(imageRef.invalid) {{component, quote}} は小文字の英字と数字を `.` 、 `_` 、 `__` 、 `-` で区切ったものにしてください。',
    hint: '$t(imageRef.accepted)',
  },
  registryPorts: {
    message: '$t(imageRef.invalid) レジストリ {{domain, quote}} にポートが複数あります。',
    hint: '$t(imageRef.accepted)',
  },
  registryPort: {
    message: '$t(imageRef.invalid) レジストリのポート {{port, quote}} が数値ではありません。',
    hint: '$t(imageRef.accepted)',
  },
  registryHost: {
    message: '$t(imageRef.invalid) レジストリ {{domain, quote}} はホスト名ではありません。',
    hint: '$t(imageRef.accepted)',
  },
  invalid: '{{reference, quote}} は有効なイメージ参照ではありません:',
  accepted:
    '`repository[:tag][@sha256:<64 hex>]` の形式で指定してください。例: `nginx:1.27.0` 、 `ghcr.io/acme/llm-api@sha256:…`',
};
