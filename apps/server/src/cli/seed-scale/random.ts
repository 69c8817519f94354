/** A small seeded random source, so the same seed always gives the same history. */

const mix32 = (value: number): number => {
  let h = value | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/** sfc32: fast, well distributed, and fully determined by its seed. */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d = 1;

  constructor(seed: number, stream = 0) {
    this.a = mix32(seed ^ 0x9e3779b9);
    this.b = mix32(seed + stream * 0x632be5ab);
    this.c = mix32(stream ^ 0x7f4a7c15);
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  int(min: number, max: number): number {
    return Math.floor(this.between(min, max + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** An index drawn with the given weights (which need not sum to 1). */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    let target = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i];
      if (target < 0) return i;
    }
    return weights.length - 1;
  }

  normal(mean: number, deviation: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with the given median; `spread` is the sigma of the underlying normal. */
  logNormal(median: number, spread: number): number {
    return median * Math.exp(this.normal(0, spread));
  }

  /** Waiting time of a Poisson process of `rate` events per unit. */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** Poisson count (Knuth for small means, normal approximation above). */
  poisson(mean: number): number {
    if (mean > 30) return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k += 1;
      p *= this.next();
    }
    return k;
  }
}

const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');

/**
 * A deterministic, random-looking version-4 UUID for row `index` of a table: the same seed
 * gives the same ids, and ids spread over the index like the database's own random ones.
 */
export function uuidFor(seed: number, table: number, index: number): string {
  const base = mix32(seed * 31 + table);
  const w0 = mix32(base ^ index);
  const w1 = mix32(w0 ^ 0x5bd1e995 ^ table);
  const w2 = mix32(w1 + index);
  const w3 = mix32(w2 ^ seed);
  return `${hex(w0, 8)}-${hex(w1 >>> 16, 4)}-4${hex(w1 & 0xfff, 3)}-${hex(0x8000 | (w2 >>> 18), 4)}-${hex(w2 & 0xffff, 4)}${hex(w3, 8)}`;
}
