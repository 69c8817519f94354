import { FixedClock } from '@escale/platform';
import { liveDailyFigures, ReportsService } from '@escale/reports';
import { createCentre, type CentreFixture, newPerson } from '../support/fixtures.js';
import { as, checkedIn } from '../support/stays-fixtures.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const NOW = new Date('2026-11-26T12:00:00Z');

/**
 * The summaries the reports add up (a centre's month of nightly snapshots; people served per
 * check-in day) give exactly what a recount from the stays gives, whatever happens to the stays.
 */
describe('report summaries: the same figures as a recount from the stays', () => {
  const clock = new FixedClock(NOW);
  let t: TestApp;
  let staff: { id: string; token: string };
  let a: CentreFixture;
  let b: CentreFixture;
  let reports: ReportsService;

  /** Runs `work` with the clock at `at`, then puts it back. */
  async function at<T>(when: string, work: () => Promise<T>): Promise<T> {
    clock.set(new Date(when));
    try {
      return await work();
    } finally {
      clock.set(NOW);
    }
  }

  const checkInAt = (centre: CentreFixture, when: string, body: Record<string, unknown> = { person: newPerson() }) => at(when, () => checkedIn(t, staff, centre.id, body));
  const checkOutAt = (stayId: string, when: string, recordedAt = when) =>
    at(recordedAt, async () => as(t, staff).post(`/api/v1/stays/${stayId}/check-out`, { reason: 'other', at: when }).expect(200));

  /** People with a stay overlapping `from`..`to` (the centres' local days), counted as the spend report did before the summaries. */
  async function recount(centreIds: string[], from: string, to: string): Promise<number> {
    const [{ n }] = await t.dataSource.query(
      `SELECT count(DISTINCT s.person_id)::int AS n FROM stays s JOIN centres c ON c.id = s.centre_id
        WHERE s.centre_id = ANY($1)
          AND s.checked_in_at < (($3::date + 1)::timestamp AT TIME ZONE c.timezone)
          AND (s.checked_out_at IS NULL OR s.checked_out_at >= ($2::date::timestamp AT TIME ZONE c.timezone))`,
      [centreIds, from, to],
    );
    return n;
  }

  // Periods that begin and end on the days things happen below, and around them.
  const PERIODS: [string, string][] = [
    ['2026-06-01', '2026-11-26'],
    ['2026-07-01', '2026-07-31'],
    ['2026-07-02', '2026-07-04'],
    ['2026-07-05', '2026-07-05'],
    ['2026-07-05', '2026-07-20'],
    ['2026-07-06', '2026-07-19'],
    ['2026-07-21', '2026-08-15'],
    ['2026-08-01', '2026-09-30'],
    ['2026-08-11', '2026-08-11'],
    ['2026-09-01', '2026-09-01'],
    ['2026-09-02', '2026-11-26'],
    ['2026-10-01', '2026-10-31'],
    ['2026-11-01', '2026-11-26'],
  ];

  /** The people served from the summaries and from a recount, for every period and scope (all centres, each centre). */
  async function served(): Promise<{ summed: number[]; counted: number[] }> {
    const summed: number[] = [];
    const counted: number[] = [];
    for (const [from, to] of PERIODS) {
      for (const scope of [null, a.id, b.id]) {
        summed.push(await reports.peopleServed(scope, from, to));
        counted.push(await recount(scope ? [scope] : [a.id, b.id], from, to));
      }
    }
    return { summed, counted };
  }

  async function expectServedAsCounted(): Promise<void> {
    const { summed, counted } = await served();
    expect(summed).toEqual(counted);
  }

  beforeAll(async () => {
    t = await startTestApp({ clock });
    reports = t.app.get(ReportsService);
    a = await createCentre(t, { maxStayDays: 60, units: [{ housing: 'mixed', beds: 4 }] });
    b = await createCentre(t, { maxStayDays: 60, units: [{ housing: 'mixed', beds: 6 }] });
    staff = await t.userWithToken('staff', [a.id, b.id]);
  }, 120_000);
  afterAll(() => t.close());

  describe('people served', () => {
    let returning: string;
    let returningStay: string;
    let other: string;
    let otherStay: string;

    it('counts a person once per period and scope, across their returns and centres', async () => {
      const first = await checkInAt(a, '2026-07-01T10:00:00Z');
      returning = first.person.id;
      await checkOutAt(first.stay.id, '2026-07-05T09:00:00Z');
      const again = await checkInAt(a, '2026-07-20T10:00:00Z', { personId: returning });
      await checkOutAt(again.stay.id, '2026-07-25T09:00:00Z');
      const elsewhere = await checkInAt(b, '2026-08-10T10:00:00Z', { personId: returning });
      returningStay = elsewhere.stay.id;
      const second = await checkInAt(b, '2026-07-03T10:00:00Z');
      other = second.person.id;
      otherStay = second.stay.id;
      await checkOutAt(otherStay, '2026-07-04T09:00:00Z');
      await checkInAt(a, '2026-07-04T21:30:00Z'); // still here
      await expectServedAsCounted();
      // The returning person is one person over July in A, though they stayed twice.
      expect(await reports.peopleServed(a.id, '2026-07-01', '2026-07-31')).toBe(2);
      expect(await reports.peopleServed(null, '2026-07-01', '2026-08-31')).toBe(3);
    });

    it('stays exact when a stay is recorded late, reopened, checked out again and transferred', async () => {
      // Recorded three weeks late: a check-in on 1 September, before the stay that follows it in time.
      await at('2026-09-20T12:00:00Z', () => checkedIn(t, staff, a.id, { personId: other, checkedInAt: '2026-09-01T08:00:00Z' }));
      await expectServedAsCounted();
      const [late] = await t.dataSource.query(`SELECT id FROM stays WHERE person_id = $1 AND checked_out_at IS NULL`, [other]);
      await checkOutAt(late.id, '2026-09-03T08:00:00Z', '2026-09-20T13:00:00Z');
      await expectServedAsCounted();
      await at('2026-09-20T14:00:00Z', () => as(t, staff).post(`/api/v1/stays/${late.id}/reopen`).expect(200));
      await expectServedAsCounted();
      await checkOutAt(late.id, '2026-09-21T08:00:00Z', '2026-09-21T08:00:00Z');
      await expectServedAsCounted();
      // The returning person, in B since August, moves to A on 1 October: the B stay closes, one in A opens.
      await at('2026-10-01T09:00:00Z', () => as(t, staff).post(`/api/v1/stays/${returningStay}/transfers`, { toCentreId: a.id }).expect(201));
      await expectServedAsCounted();
      expect(await reports.peopleServed(null, '2026-09-02', '2026-11-26')).toBe(await recount([a.id, b.id], '2026-09-02', '2026-11-26'));
    });

    it('stays exact when times are generalised by retention, people are merged, and stays are erased', async () => {
      // Retention moves a stay's times within their local days (check-in to the end of its day, check-out to the start of its).
      await t.dataSource.query(
        `UPDATE stays s SET checked_in_at = least(coalesce(s.checked_out_at, 'infinity'), date_trunc('day', s.checked_in_at, 'Europe/Paris') + interval '1 day' - interval '1 microsecond'),
                            checked_out_at = greatest(s.checked_in_at, date_trunc('day', s.checked_out_at, 'Europe/Paris') + interval '1 microsecond')
          WHERE s.person_id = $1 AND s.checked_out_at IS NOT NULL`,
        [returning],
      );
      await expectServedAsCounted();
      // Two records of one person found to be the same person: the second record's stay becomes the returning person's.
      const twin = await checkInAt(b, '2026-06-20T10:00:00Z');
      await checkOutAt(twin.stay.id, '2026-06-25T10:00:00Z');
      await expectServedAsCounted();
      await t.dataSource.query(`UPDATE stays SET person_id = $1 WHERE person_id = $2`, [returning, twin.person.id]);
      await expectServedAsCounted();
      expect(await reports.peopleServed(b.id, '2026-06-01', '2026-07-31')).toBe(await recount([b.id], '2026-06-01', '2026-07-31'));
      // A stay erased (here a copy of a closed one, made only to be erased), and one erased with its person's others.
      const [copy] = await t.dataSource.query(
        `INSERT INTO stays SELECT (jsonb_populate_record(NULL::stays, to_jsonb(s) || jsonb_build_object('id', gen_random_uuid(), 'checked_in_at', '2026-06-10T10:00:00Z', 'checked_out_at', '2026-06-12T10:00:00Z', 'bed_since', NULL))).*
           FROM stays s WHERE s.id = $1 RETURNING id`,
        [otherStay],
      );
      await expectServedAsCounted();
      expect(await reports.peopleServed(null, '2026-06-01', '2026-11-26')).toBe(await recount([a.id, b.id], '2026-06-01', '2026-11-26'));
      await t.dataSource.query(`DELETE FROM stays WHERE id = $1`, [copy.id]);
      await expectServedAsCounted();
    });

    it('gives the spend report its cost per person from the same count', async () => {
      await as(t, t.adminToken).post('/api/v1/spend', { centreId: a.id, date: '2026-07-15', category: 'catering', fundingSource: 'FR', amountCents: 1_000_000 }).expect(201);
      const spend = (await as(t, t.adminToken).get(`/api/v1/reports/spend?centreId=${a.id}&from=2026-07-01&to=2026-07-31`).expect(200)).body;
      expect(spend.summary[0].costPerPersonCents).toBe(Math.round(1_000_000 / (await recount([a.id], '2026-07-01', '2026-07-31'))));
    });
  });

  describe('interpreter use', () => {
    /** Hand-overs per centre, local month and language, counted from the notices module's view. */
    const fromNotices = () =>
      t.dataSource.query(
        `SELECT h.centre_id, to_char(h.handed_over_at AT TIME ZONE c.timezone, 'YYYY-MM') AS month, h.language, count(*)::int AS handed_over,
                count(*) FILTER (WHERE h.with_interpreter)::int AS with_interpreter, count(*) FILTER (WHERE h.by_phone)::int AS by_phone,
                count(*) FILTER (WHERE NOT h.translation_reviewed)::int AS unreviewed
           FROM notice_hand_overs h JOIN centres c ON c.id = h.centre_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      );
    const summaries = () =>
      t.dataSource.query(
        `SELECT centre_id, to_char(month, 'YYYY-MM') AS month, language, handed_over, with_interpreter, by_phone, unreviewed
           FROM interpreter_use_months WHERE handed_over > 0 ORDER BY 1, 2, 3`,
      );

    it('counts hand-overs per month as they are recorded, changed and deleted, and reports them as the notices do', async () => {
      // Four notices to people in A and B, rendered and not yet handed over.
      const notices = (
        await t.dataSource.query(
          `INSERT INTO notices (type, audience, language, status, dedupe_key, centre_id)
           SELECT 'rights_on_arrival', 'person', 'fr', 'rendered', 'summaries-' || i, CASE WHEN i % 2 = 0 THEN $1::uuid ELSE $2::uuid END FROM generate_series(1, 4) i RETURNING id`,
          [a.id, b.id],
        )
      ).map((row: { id: string }) => row.id);
      const handOver = (id: string, when: string, language: string, mode: string | null) =>
        t.dataSource.query(`UPDATE notices SET status = 'handed_over', handed_over_at = $2, handed_over_language = $3, interpreter_mode = $4, interpreter_name = $5 WHERE id = $1`, [
          id,
          when,
          language,
          mode,
          mode === 'phone' || mode === 'present' ? 'ISM Interprétariat' : null,
        ]);
      await handOver(notices[0], '2026-07-31T22:30:00Z', 'ps', 'phone'); // 1 August in Paris
      await handOver(notices[1], '2026-08-15T10:00:00Z', 'ps', 'present');
      await handOver(notices[2], '2026-09-02T10:00:00Z', 'fr', 'none');
      await handOver(notices[3], '2026-10-20T10:00:00Z', 'ar', null);
      expect(await summaries()).toEqual(await fromNotices());
      await handOver(notices[1], '2026-09-30T21:59:00Z', 'ar', 'phone'); // moved to 30 September, another language
      await t.dataSource.query(`UPDATE notices SET translation_reviewed = true WHERE id = $1`, [notices[2]]);
      await t.dataSource.query(`DELETE FROM notices WHERE id = $1`, [notices[3]]);
      expect(await summaries()).toEqual(await fromNotices());
      const use = async (from: string, to: string) => (await as(t, t.adminToken).get(`/api/v1/reports/outcomes?from=${from}&to=${to}`).expect(200)).body.interpreterUse;
      const counted = async (from: string, to: string) =>
        (
          await t.dataSource.query(
            `SELECT h.language, count(*)::int AS "handedOver", count(*) FILTER (WHERE h.with_interpreter)::int AS "withInterpreter",
                    count(*) FILTER (WHERE h.by_phone)::int AS "byPhone", count(*) FILTER (WHERE NOT h.translation_reviewed)::int AS unreviewed
               FROM notice_hand_overs h JOIN centres c ON c.id = h.centre_id
              WHERE h.handed_over_at >= ($1::date::timestamp AT TIME ZONE c.timezone) AND h.handed_over_at < (($2::date + 1)::timestamp AT TIME ZONE c.timezone)
              GROUP BY 1 ORDER BY 2 DESC, 1`,
            [from, to],
          )
        );
      for (const [from, to] of [['2026-08-01', '2026-09-30'], ['2026-07-15', '2026-10-10'], ['2026-08-02', '2026-09-30'], ['2026-09-01', '2026-09-29'], ['2026-06-01', '2026-11-25']]) {
        expect([from, to, await use(from, to)]).toEqual([from, to, await counted(from, to)]);
      }
      expect((await use('2026-08-01', '2026-09-30')).find((row: { language: string }) => row.language === 'ar')).toMatchObject({ handedOver: 1, withInterpreter: 1, byPhone: 1 });
    });
  });

  describe('occupancy months', () => {
    /** Each centre's months of snapshots added up, as the summary should hold them. */
    const fromSnapshots = () =>
      t.dataSource.query(
        `SELECT centre_id, to_char(day, 'YYYY-MM') AS month, count(*)::int AS nights, sum(capacity)::int AS capacity, sum(occupied_bed_nights)::int AS occupied,
                sum(admissions)::int AS admissions, sum(discharges)::int AS discharges
           FROM occupancy_snapshots GROUP BY 1, 2 ORDER BY 1, 2`,
      );
    const summaries = () =>
      t.dataSource.query(
        `SELECT centre_id, to_char(month, 'YYYY-MM') AS month, nights, capacity_bed_nights::int AS capacity, occupied_bed_nights::int AS occupied,
                admissions::int AS admissions, discharges::int AS discharges
           FROM occupancy_months ORDER BY 1, 2`,
      );

    it('adds up the nightly snapshots as the job writes and rewrites them, a late check-out into a closed month included', async () => {
      // Someone in B since 10 September; the job counts every night up to 14 October.
      const stay = await checkInAt(b, '2026-09-10T10:00:00Z');
      await at('2026-10-15T01:30:00Z', () => reports.takeSnapshots());
      expect(await summaries()).toEqual(await fromSnapshots());
      // The check-out on 20 September is recorded 26 days late: the job counts the last 32 nights again.
      await checkOutAt(stay.stay.id, '2026-09-20T10:00:00Z', '2026-10-16T09:00:00Z');
      await at('2026-10-16T01:30:00Z', () => reports.takeSnapshots());
      expect(await summaries()).toEqual(await fromSnapshots());
      await reports.takeSnapshots();
      const summed = await summaries();
      expect(summed).toEqual(await fromSnapshots());
      expect(summed.filter((row: { month: string }) => row.month === '2026-09')).toHaveLength(2);
    });

    it('gives the same months as a recount from the stays, and reads closed months from the summaries', async () => {
      const monthly = (await as(t, t.adminToken).get('/api/v1/reports/occupancy?from=2026-06-01&to=2026-11-25&granularity=month').expect(200)).body;
      const live = await liveDailyFigures(t.dataSource.manager, [a.id, b.id], '2026-06-01', '2026-11-25');
      for (const row of monthly.items as { period: string; centreId: string; occupiedBedNights: number; admissions: number; discharges: number; capacityBedNights: number }[]) {
        const days = [...live.get(row.centreId)!].filter(([day]) => day.startsWith(row.period)).map(([, figure]) => figure);
        const sum = (pick: (figure: (typeof days)[number]) => number) => days.reduce((total, figure) => total + pick(figure), 0);
        expect([row.period, row.centreId, row.occupiedBedNights, row.admissions, row.discharges, row.capacityBedNights]).toEqual([
          row.period,
          row.centreId,
          sum((f) => f.bedNights),
          sum((f) => f.admissions),
          sum((f) => f.discharges),
          sum((f) => f.capacity),
        ]);
      }
      const september = () =>
        as(t, t.adminToken)
          .get(`/api/v1/reports/occupancy?centreId=${b.id}&from=2026-09-01&to=2026-09-30`)
          .expect(200)
          .then((response) => response.body.items[0].occupiedBedNights as number);
      const before = await september();
      await t.dataSource.query(`UPDATE occupancy_months SET occupied_bed_nights = occupied_bed_nights + 1000 WHERE centre_id = $1 AND month = '2026-09-01'`, [b.id]);
      try {
        expect(await september()).toBe(before + 1000);
      } finally {
        await t.dataSource.query(`UPDATE occupancy_months SET occupied_bed_nights = occupied_bed_nights - 1000 WHERE centre_id = $1 AND month = '2026-09-01'`, [b.id]);
      }
    });
  });
});
