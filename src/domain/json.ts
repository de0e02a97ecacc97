/**
 * Readers for Kubernetes objects as the API returns them (plain JSON of unknown shape): each gives a safe
 * default instead of throwing, so a field missing on an old or odd object reads as absent.
 */
export type Json = Record<string, unknown>;

export const obj = (value: unknown): Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
export const list = (value: unknown): Json[] => (Array.isArray(value) ? value.map(obj) : []);
/** A non-empty string, else undefined. */
export const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
/** A finite number, also from a numeric string (e.g. Rollouts' `observedGeneration: "429"`). */
export const num = (value: unknown): number | undefined => {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};
/** The string values of a map (labels, annotations, a node selector); anything else is left out. */
export const strings = (value: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(value)).filter((e): e is [string, string] => typeof e[1] === 'string'));
