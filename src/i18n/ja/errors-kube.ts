import type { errorsKube as en } from '../en/errors-kube.js';
import type { Shape } from '../shape.js';

export const errorsKube: Shape<typeof en> = {
  forbidden: {
    message: 'Kanaria には namespace `{{namespace}}` の {{resource}} を {{verb}} する権限がありません (RBAC)。',
    hint: 'Kanaria の ServiceAccount に {{resource}} への "{{verb}}" 権限を付与してください (deploy/ を参照)。',
  },
  notFound: {
    message: 'クラスタに {{kind}} `{{namespace}}/{{name}}` がありません。',
    hint: 'kanaria.yaml の {{configKey}} を確認してください。',
  },
  unavailable: {
    message: 'Kanaria が {{resource}} を {{verb}} しようとしたところ、Kubernetes API が HTTP {{status}} を返しました。',
  },
  unreachable: {
    message: 'Kubernetes API に接続できず、{{resource}} を {{verb}} できませんでした ({{cause}})。',
  },
  timedOut: {
    message: 'Kubernetes API が {{timeoutSeconds}} 秒以内に応答しませんでした ({{verb}} {{resource}})。',
  },
  unreadable: {
    message:
      '{{resource}} の {{verb}} に対する Kubernetes API の応答を読み取れませんでした ({{offset}} バイト目で {{problem}})。',
  },
  rejected: {
    message: 'Kubernetes API が {{resource}} の {{verb}} を拒否しました (HTTP {{status}}): {{reason}}',
  },
  gpuNodesForbidden: {
    message: 'Kanaria には nodes を list する権限がないため (RBAC)、GPU の容量をレポートできません。',
    hint: 'Kanaria の ServiceAccount にクラスタ全体の nodes への "list" 権限を付与してください (deploy/base/rbac.yaml を参照)。',
  },
  gpuPodsForbidden: {
    message:
      'Kanaria には全 namespace の pods を list する権限がないため、要求された GPU 数と Pending の Pod は不明です。',
    hint: 'Kanaria の ServiceAccount にクラスタ全体の pods への "list" 権限を付与してください (deploy/base/rbac.yaml を参照)。',
  },
};
