// Starts the longest test files first. Without timings from an earlier run (a fresh clone), Jest
// orders files by size, and the simulated weeks, a short file that runs for minutes, would start
// last while the other worker sat idle. The list names the files measured as the slowest.
import Sequencer from '@jest/test-sequencer';

const SLOWEST_FIRST = [
  'test/e2e/simulation.e2e-spec.ts',
  'test/browser/arrivals.browser-spec.ts',
  'test/e2e/scale-out.e2e-spec.ts',
  'test/e2e/authorisation.e2e-spec.ts',
  'test/browser/markup.browser-spec.ts',
  'test/e2e/fuzz.e2e-spec.ts',
  'test/e2e/scoping.e2e-spec.ts',
  'test/e2e/seed-scale-languages.e2e-spec.ts',
];

const rank = (path) => {
  const index = SLOWEST_FIRST.findIndex((file) => path.endsWith(file));
  return index === -1 ? SLOWEST_FIRST.length : index;
};

const Base = Sequencer.default ?? Sequencer;

export default class SlowestFirstSequencer extends Base {
  sort(tests) {
    const sorted = super.sort(tests);
    const order = (list) => list.map((test, position) => ({ test, position })).sort((a, b) => rank(a.test.path) - rank(b.test.path) || a.position - b.position).map(({ test }) => test);
    return sorted instanceof Promise ? sorted.then(order) : order(sorted);
  }
}
