// The targets of the performance work, each judged on a run and, for growth, against a baseline run
// on a small database. A check names its target, the value measured and whether it is met.

export const GOALS = {
  /** Board, welfare board and case page: a share of the bare framework's rate at 10 connections, and p95 one at a time. */
  pageToFramework: 0.08,
  pageAloneP95Ms: 30,
  searchAloneP95Ms: 30,
  /** Every report over five years: one at a time, and at 10 connections. */
  reportAloneP95Ms: 500,
  reportLoadedP95Ms: 1000,
  /** Latency at scale against the same scenario at 12k stays. */
  growth: 1.5,
};

const PAGES = ['board', 'welfare-board', 'case-page'];

const check = (what, value, met) => ({ what, value: value ?? null, met: value !== null && value !== undefined && met });
const ratio = (a, b) => (a && b ? Math.round((a / b) * 1000) / 1000 : null);

/** The latency a scenario is judged on for growth: one at a time where it was measured so, else under its own load. */
export const growthLatency = (scenario) => scenario.alone?.p95 ?? scenario.http?.p95 ?? null;

/** The checks of the read scenarios (pages, search, reports); other scenarios bring their own. */
export function readChecks(scenario, baseline) {
  const checks = [];
  const { key } = scenario;
  if (PAGES.includes(key)) {
    checks.push(check(`≥ ${GOALS.pageToFramework} × bare framework rate at 10 connections`, scenario.ratios?.toFramework, scenario.ratios?.toFramework >= GOALS.pageToFramework));
    checks.push(check(`p95 one at a time < ${GOALS.pageAloneP95Ms} ms`, scenario.alone?.p95, scenario.alone?.p95 < GOALS.pageAloneP95Ms));
  } else if (key === 'search') {
    checks.push(check(`p95 one at a time < ${GOALS.searchAloneP95Ms} ms`, scenario.alone?.p95, scenario.alone?.p95 < GOALS.searchAloneP95Ms));
  } else if (key.startsWith('report-')) {
    // Each report runs twice: one at a time (`connections` 1) and ten at once (a key ending in -x10).
    if ((scenario.connections ?? 1) > 1) checks.push(check(`p95 at ${scenario.connections} connections < ${GOALS.reportLoadedP95Ms} ms`, scenario.http?.p95, scenario.http?.p95 < GOALS.reportLoadedP95Ms));
    else checks.push(check(`p95 one at a time < ${GOALS.reportAloneP95Ms} ms`, scenario.http?.p95, scenario.http?.p95 < GOALS.reportAloneP95Ms));
  } else {
    return checks;
  }
  const before = baseline?.scenarios?.find((entry) => entry.key === key && entry.available);
  if (before) {
    const growth = ratio(growthLatency(scenario), growthLatency(before));
    scenario.growth = { baselineStays: baseline.dataset?.rows?.stays ?? null, baselineLatency: growthLatency(before), latency: growthLatency(scenario), ratio: growth };
    checks.push(check(`latency ≤ ${GOALS.growth} × at ${(baseline.dataset?.rows?.stays ?? 0).toLocaleString('en-GB')} stays`, growth, growth <= GOALS.growth));
  }
  return checks;
}
