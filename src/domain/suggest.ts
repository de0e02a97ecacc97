/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Up to `limit` candidates closest to `input`: prefix/substring matches first, then small edit distances. */
export function closest(input: string, candidates: readonly string[], limit = 3): string[] {
  const needle = input.toLowerCase();
  if (needle === '') return [];
  return (
    candidates
      .map((name) => {
        const hay = name.toLowerCase();
        // A candidate inside the input counts only when it is most of it: `a` is not what `llm-apj` meant.
        const contains = hay.includes(needle) || (needle.includes(hay) && hay.length * 2 >= needle.length);
        return { name, score: contains ? 0 : editDistance(needle, hay) };
      })
      // Fewer edits than the name has letters: otherwise nothing of it is left (`x` is not close to `a`).
      .filter(({ name, score }) => score < name.length && score <= Math.max(2, Math.floor(name.length / 3)))
      .sort((x, y) => x.score - y.score || x.name.localeCompare(y.name))
      .slice(0, limit)
      .map(({ name }) => name)
  );
}
