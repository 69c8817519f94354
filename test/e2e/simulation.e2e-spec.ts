import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@escale/platform';
import { OverdueObserver } from '../../apps/simulator/src/driver/overdue-observer.js';
import { Reader } from '../../apps/simulator/src/driver/reader.js';
import { computeFigures, FIGURE_NAMES } from '../../apps/simulator/src/figures.js';
import { runSimulation, type SimulationReport } from '../../apps/simulator/src/simulation.js';
import { testEnvironment, type TestEnvironment } from '../support/test-app.js';

/**
 * Three weeks of three centres (two reception, one removal) in July, when crossings are many,
 * through the real server and worker, minute by minute on the simulated clock: every safeguarding
 * figure is 0, and each rule was actually put to the test (the counts of what was tried are not 0).
 */
describe('the simulated weeks', () => {
  let environment: TestEnvironment;
  let report: SimulationReport;

  // About a minute alone, more while other test files share the cores; its speed is measured by
  // `npm run simulate`, not asserted here.
  beforeAll(async () => {
    environment = await testEnvironment();
    report = await runSimulation({ config: environment.config, days: 21, centres: 3, seed: 1, start: new Date('2027-07-05T00:00:00Z') });
  }, 480_000);
  afterAll(() => environment?.close());

  it('keeps every safeguarding figure at 0', () => {
    expect(report.figures).toEqual(Object.fromEntries(FIGURE_NAMES.map((name) => [name, 0])));
    expect(report.examples).toEqual({});
    expect(report.passed).toBe(true);
  });

  it('earned those zeros: arrivals, disputed ages, missed checks, late extensions, urgent alerts and escalations all happened', () => {
    const { tried } = report;
    for (const name of [
      'arrivals',
      'boats',
      'families',
      'disputedAgesArrived',
      'ageDisputedRefusedAtRemoval',
      'ageAssessmentsCompleted',
      'welfareChecks',
      'missedChecks',
      'lateChecks',
      'extensionsGranted',
      'lateExtensionsTried',
      'lateExtensionsRefused',
      'medicalReportsSent',
      'urgentAlertsRaised',
      'alertsEscalated',
      'releases',
      'transfers',
    ] as const) {
      expect({ [name]: tried[name] }).toEqual({ [name]: expect.any(Number) });
      expect({ [name]: tried[name] > 0 }).toEqual({ [name]: true });
    }
    // Every late decision met AUTHORITY_EXPIRED.
    expect(tried.lateExtensionsRefused).toBe(tried.lateExtensionsTried);
  });

  it('counted what the services wrote, and ran the worker’s jobs', () => {
    expect(report.recorded.stays).toBeGreaterThanOrEqual(report.tried.checkIns);
    expect(report.recorded.notices).toBeGreaterThan(0);
    expect(report.jobs['prepare-person-notice']).toBeGreaterThan(0);
    expect(report.jobs['deliver-alert-notices']).toBeGreaterThan(0);
  });

  it('would count each broken rule: the same figures over the same records, broken by hand, are not 0', async () => {
    const dataSource = new DataSource(dataSourceOptions(environment.config, []));
    await dataSource.initialize();
    try {
      const end = new Date(report.end);
      const minutes = (n: number) => new Date(end.getTime() + n * 60_000);
      const one = async (sql: string, params: unknown[] = []) => {
        const [row] = await dataSource.query<{ id: string }[]>(sql, params);
        expect(row).toBeDefined();
        return row.id;
      };
      const removalStay = await one(`SELECT s.id FROM stays s JOIN centres c ON c.id = s.centre_id WHERE c.kind = 'removal' AND s.checked_out_at IS NULL ORDER BY s.checked_in_at LIMIT 1`);
      // Held past an authority that ran out an hour ago, with no alert about it.
      await dataSource.query(`UPDATE stays SET authorised_until = $2 WHERE id = $1`, [removalStay, minutes(-60)]);
      // A removal stay of someone whose date of birth says 16.
      await dataSource.query(`UPDATE people SET date_of_birth = (now() - interval '16 years')::date WHERE id = (SELECT person_id FROM stays WHERE id = $1)`, [removalStay]);
      // An age in dispute, in a unit shared with adults of other households.
      await dataSource.query(
        `UPDATE people SET age_disputed = true WHERE id = (
           SELECT s.person_id FROM stays s JOIN units u ON u.id = s.unit_id
            WHERE u.housing = 'men' AND s.checked_out_at IS NULL
              AND EXISTS (SELECT 1 FROM stays o WHERE o.unit_id = s.unit_id AND o.id <> s.id AND o.checked_out_at IS NULL)
            ORDER BY s.checked_in_at LIMIT 1)`,
      );
      // A medical report a day past its reply, never alerted.
      await dataSource.query(`INSERT INTO medical_reports (stay_id, kind, sent_to, sent_at, reply_due_at) VALUES ($1, 'other_concern', 'Préfecture', $2, $3)`, [removalStay, minutes(-3 * 1440), minutes(-1440)]);
      // An urgent alert nobody acknowledged for half an hour, never escalated.
      await dataSource.query(
        `INSERT INTO alerts (centre_id, stay_id, kind, severity, episode_key, due_at, raised_at) SELECT centre_id, id, 'authority_expired', 'urgent', 'broken-by-hand', $2, $2 FROM stays WHERE id = $1`,
        [removalStay, minutes(-30)],
      );
      // An extension decided after the authority it extended had run out.
      await dataSource.query(
        `INSERT INTO stay_extensions (stay_id, sequence_index, decided_at, days, decided_by, previous_authorised_until, authorised_until) VALUES ($1, 99, $2, 26, 'JLD', $3, $4)`,
        [removalStay, minutes(-60), minutes(-120), minutes(26 * 1440)],
      );
      // Someone who left with their case still open.
      await dataSource.query(
        `UPDATE cases SET status = 'open' WHERE id = (
           SELECT c.id FROM cases c WHERE c.status <> 'open' AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.person_id = c.person_id AND s.checked_out_at IS NULL)
            ORDER BY c.opened_at LIMIT 1)`,
      );
      // A welfare check half an hour overdue, with no alert.
      await dataSource.query(`UPDATE stays SET next_welfare_check_due = $2 WHERE id = $1`, [removalStay, minutes(-30)]);
      const reader = new Reader(dataSource);
      const observer = new OverdueObserver(reader);
      await observer.observe(end.getTime());
      await reader.close();

      const { figures } = await computeFigures(dataSource, { end, escalationMinutes: environment.config.alertEscalationMinutes, overdueUnalerted: observer.unalerted });
      for (const name of FIGURE_NAMES) expect({ [name]: figures[name] > 0 }).toEqual({ [name]: true });
    } finally {
      await dataSource.destroy();
    }
  });
});
