/**
 * The items of a Kubernetes list as `kubectl get <kind>s -o json` prints it (a `List` whose items name their
 * kind) or as the API returns it (a `<Kind>List` whose items do not), checked to be objects of that kind: a file
 * of something else (pods given for nodes) must be refused, not read as a cluster without any.
 */
import { obj, str } from './json.js';

export type KubeListResult =
  { readonly ok: true; readonly items: readonly unknown[] } | { readonly ok: false; readonly problem: KubeListProblem };

/** What the document holds instead, as facts; `item` counts from 1. */
export type KubeListProblem =
  | { readonly kind: 'not-a-list' }
  | { readonly kind: 'other-list'; readonly listKind: string }
  | { readonly kind: 'not-an-object'; readonly item: number }
  | { readonly kind: 'no-kind'; readonly item: number }
  | { readonly kind: 'other-kind'; readonly item: number; readonly found: string };

export function kubeListItems(document: unknown, kind: string): KubeListResult {
  const fail = (problem: KubeListProblem): KubeListResult => ({ ok: false, problem });
  const items = obj(document)['items'];
  if (!Array.isArray(items)) return fail({ kind: 'not-a-list' });
  const listKind = str(obj(document)['kind']);
  const typed = listKind === `${kind}List`;
  if (listKind !== undefined && listKind !== 'List' && !typed) return fail({ kind: 'other-list', listKind });
  for (const [index, item] of items.entries()) {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      return fail({ kind: 'not-an-object', item: index + 1 });
    const found = str(obj(item)['kind']);
    if (found === undefined && !typed) return fail({ kind: 'no-kind', item: index + 1 });
    if (found !== undefined && found !== kind) return fail({ kind: 'other-kind', item: index + 1, found });
  }
  return { ok: true, items };
}
