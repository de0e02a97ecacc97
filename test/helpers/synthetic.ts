/** Seeded random series for the statistics tests and bench:analysis: the same numbers on every run. */

/** Mulberry32: a small seeded PRNG. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal variate (Box-Muller). */
export function gauss(random: () => number): number {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * A stationary AR(1) series x_t = φ·x_{t−1} + √(1−φ²)·ε_t around `mean` with standard deviation `sd`,
 * started in its stationary law.
 */
export function ar1(
  random: () => number,
  n: number,
  { mean = 0, sd = 1, phi }: { mean?: number; sd?: number; phi: number },
): number[] {
  const out: number[] = [];
  let e = sd * gauss(random);
  for (let i = 0; i < n; i++) {
    out.push(mean + e);
    e = phi * e + sd * Math.sqrt(1 - phi * phi) * gauss(random);
  }
  return out;
}
