import type { errorsArgocd as en } from '../en/errors-argocd.js';
import type { Shape } from '../shape.js';

export const errorsArgocd: Shape<typeof en> = {
  operationInProgress: {
    message: 'Argo CD Application `{{namespace}}/{{name}}`: 別のオペレーションがすでに実行中です。',
    hint: '完了を待ってから (/status で確認できます)、もう一度同期してください。',
  },
};
