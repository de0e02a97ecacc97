import type { outside as en } from '../en/outside.js';
import type { Shape } from '../shape.js';

export const outside: Shape<typeof en> = {
  rollout: {
    promoted: ':eyes: `{{app}}` のカナリアが Kanaria の外でステップ {{step}}/{{steps}} に進められました。',
    promotedFully: ':eyes: `{{app}}` のカナリアが Kanaria の外で最後まで昇格されました。',
    aborted: ':eyes: `{{app}}` のカナリアが Kanaria の外で中止されました: トラフィックは安定版に戻っています。',
  },
  commit: ':eyes: `{{app}}` が Kanaria の外で変更されました: `{{sha}}` ({{author}}): {{subject}}',
};
