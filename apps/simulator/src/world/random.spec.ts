import { Random, randomFor } from './random.js';

describe('the seeded generator', () => {
  it('gives the same numbers for the same seed, and others for another', () => {
    const draws = (seed: number) => Array.from({ length: 5 }, ((random) => () => random.next())(new Random(seed)));
    expect(draws(1)).toEqual(draws(1));
    expect(draws(1)).not.toEqual(draws(2));
    expect(draws(1).every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('names a decision by its parts, whatever order decisions come in', () => {
    expect(randomFor(1, 'check', 42, 1000).next()).toBe(randomFor(1, 'check', 42, 1000).next());
    expect(randomFor(1, 'check', 42, 1000).next()).not.toBe(randomFor(1, 'check', 43, 1000).next());
  });

  it('draws whole numbers, weights and counts in range', () => {
    const random = new Random(3);
    const ints = Array.from({ length: 1000 }, () => random.int(2, 6));
    expect(Math.min(...ints)).toBe(2);
    expect(Math.max(...ints)).toBe(6);
    const picks = Array.from({ length: 10_000 }, () => random.weighted({ a: 0.9, b: 0.1 }));
    expect(picks.filter((p) => p === 'b').length).toBeGreaterThan(800);
    expect(picks.filter((p) => p === 'b').length).toBeLessThan(1200);
    const mean = Array.from({ length: 10_000 }, () => random.poisson(2)).reduce((a, b) => a + b, 0) / 10_000;
    expect(mean).toBeGreaterThan(1.9);
    expect(mean).toBeLessThan(2.1);
  });
});
