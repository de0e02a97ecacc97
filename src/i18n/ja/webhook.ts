import type { webhook as en } from '../en/webhook.js';
import type { Shape } from '../shape.js';

export const webhook: Shape<typeof en> = {
  built: {
    text: '{{app, quote}} {{image, quote}} がビルドされました',
    commit: 'コミット {{commit, quote}}',
    commitLinked: 'コミット <{{url}}|{{commit}}>',
    details: '<{{url}}|ビルドの詳細>',
    deploy: '{{stage}} にデプロイ',
  },
  asked: '新しいビルドの依頼: {{description}} ( `pipelines.{{pipeline}}.autoDeploy` )',
  unpinned: {
    message: '{{reference, quote}} にはタグもダイジェストもないため、 Argo CD は変更に気づきません。',
    hint: 'CI がプッシュしたタグかダイジェストを送ってください。例: `ghcr.io/acme/llm-api:1.4.3` 、 `ghcr.io/acme/llm-api@sha256:…`',
  },
  answer: {
    announced: '`{{app}}` `{{image}}` をチャンネルに告知しました ( {{stage}} にデプロイするボタン付き)。',
    deploying: '`{{image}}` を `{{app}}` にデプロイします ( `{{pipeline}}` の最初のステージ {{stage}} )。',
    duplicate: '`{{app}}` `{{image}}` は受信済みです。これ以上することはありません。',
    unsigned:
      '署名がありません。 `X-Kanaria-Timestamp` (Unix 秒) と `X-Kanaria-Signature: v1=<"v1:<timestamp>:<body>" の HMAC-SHA256 の 16 進>` を KANARIA_WEBHOOK_SECRET で付けて送ってください。',
    signature: '署名が本文と一致しません。送るバイト列そのものに KANARIA_WEBHOOK_SECRET で署名してください。',
    stale: 'タイムスタンプが 5 分以上前です。リトライも含め、送るたびに署名してください。',
    future: 'タイムスタンプが 5 分以上先です。 CI ランナーの時計を確認してください。',
    replay: 'この署名付きリクエストは受信済みです。送るたびに署名し直してください。',
    tooLarge: '本文が {{max}} バイトを超えています。 app か pipeline 、 image 、 commit 、 url だけを送ってください。',
    json: '本文が JSON ではありません。 {"app" または "pipeline", "image", "commit", "url"} を送ってください。',
    shape: '本文がビルドの形ではありません: {{problems}}。',
    unknownApp: 'kanaria.yaml にアプリ {{name, quote}} はありません。',
    unknownPipeline: 'kanaria.yaml にパイプライン {{name, quote}} はありません。',
    known: '既知のもの: {{names, alternatives}}。',
    noChannel:
      '`{{app}}` には kanaria.yaml のチャンネル ( `apps.{{app}}.channel` ) がなく、ビルドを告知する場所がありません。何もしていません。',
    unavailable:
      'いまはビルドをキューに入れられません (Redis に接続できません)。何もしていません。後でリトライしてください。',
  },
};
