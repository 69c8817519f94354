import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Summaries the reports add up instead of reading every night or every stay, kept by the database
 * itself so that they always equal what they summarise.
 *
 * `occupancy_months`: each centre's month of nightly snapshots added up (how many nights were
 * snapshotted, beds in service, bed-nights, arrivals, departures), kept by statement triggers on
 * `occupancy_snapshots`. A month whose every night is snapshotted is read as one row.
 *
 * People served in a period are counted exactly without a count of distinct people over every
 * stay: a person is counted by the first of their stays that overlaps the period (in order of
 * local check-in day, check-in time, id), which is the one overlapping stay after which no earlier
 * stay of theirs ends on or after the period's first day. `stay_visits` keeps, for each stay, its
 * local check-in and check-out days (`infinity` while open) and the last local check-out day of the
 * same person's earlier stays in the same centre and in any centre (`-infinity` for none).
 * `people_served_days` counts the stays per scope (a centre, or the nil uuid for all centres),
 * check-in day and that previous day: the people served from F to T are the stays checked in
 * from F to T whose previous day is before F (summed from it), and the stays that began before F
 * and run into it whose previous day is before F (few, found by the GiST index on their days).
 * Statement triggers on `stays` count again every stay of each person whose stays changed.
 */
const ALL_CENTRES = "00000000-0000-0000-0000-000000000000";

/** Each stay's days and the last day its person's earlier stays end, per centre and anywhere; `filter` narrows the stays read. */
const visits = (filter: string) => `
    SELECT id, centre_id, in_day, end_day,
           coalesce(max(end_day) OVER (PARTITION BY person_id, centre_id ORDER BY in_day, checked_in_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), '-infinity'),
           coalesce(max(end_day) OVER (PARTITION BY person_id ORDER BY in_day, checked_in_at, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), '-infinity')
      FROM (SELECT s.id, s.person_id, s.centre_id, s.checked_in_at, (s.checked_in_at AT TIME ZONE c.timezone)::date AS in_day,
                   coalesce((s.checked_out_at AT TIME ZONE c.timezone)::date, 'infinity') AS end_day
              FROM stays s JOIN centres c ON c.id = s.centre_id ${filter}) s`;

/** A set of `stay_visits` rows (`rows`) as rows of `people_served_days`: one for its centre, one for all centres. */
const counts = (rows: string) => `
    SELECT scope, in_day, previous_day, count(*)::int AS n
      FROM (SELECT centre_id AS scope, in_day, prev_centre_day AS previous_day FROM ${rows}
            UNION ALL SELECT '${ALL_CENTRES}'::uuid, in_day, prev_any_day FROM ${rows}) parts
     GROUP BY 1, 2, 3`;

export class AddReportSummaries1796760000000 implements MigrationInterface {
    name = 'AddReportSummaries1796760000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "occupancy_months" ("centre_id" uuid NOT NULL, "month" date NOT NULL, "nights" integer NOT NULL, "capacity_bed_nights" bigint NOT NULL,
            "occupied_bed_nights" bigint NOT NULL, "admissions" bigint NOT NULL, "discharges" bigint NOT NULL,
            CONSTRAINT "occupancy_months_pkey" PRIMARY KEY ("centre_id", "month"),
            CONSTRAINT "occupancy_months_month_check" CHECK (extract(day FROM "month") = 1),
            CONSTRAINT "occupancy_months_counts_check" CHECK (nights >= 0 AND nights <= 31 AND capacity_bed_nights >= 0 AND occupied_bed_nights >= 0 AND admissions >= 0 AND discharges >= 0),
            CONSTRAINT "occupancy_months_centre_fk" FOREIGN KEY ("centre_id") REFERENCES "centres"("id") ON DELETE CASCADE)`);
        await queryRunner.query(`INSERT INTO occupancy_months (centre_id, month, nights, capacity_bed_nights, occupied_bed_nights, admissions, discharges)
            SELECT centre_id, date_trunc('month', day::timestamp)::date, count(*), sum(capacity), sum(occupied_bed_nights), sum(admissions), sum(discharges)
              FROM occupancy_snapshots GROUP BY 1, 2`);
        // Rows taken away (an update's old rows, deleted rows) are taken out first, then rows added are summed in. Centres being deleted are left out.
        await queryRunner.query(`CREATE FUNCTION occupancy_months_follow() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP IN ('UPDATE', 'DELETE') THEN
                UPDATE occupancy_months m
                   SET nights = m.nights - o.nights, capacity_bed_nights = m.capacity_bed_nights - o.capacity, occupied_bed_nights = m.occupied_bed_nights - o.occupied,
                       admissions = m.admissions - o.admissions, discharges = m.discharges - o.discharges
                  FROM (SELECT centre_id, date_trunc('month', day::timestamp)::date AS month, count(*) AS nights, sum(capacity) AS capacity, sum(occupied_bed_nights) AS occupied,
                               sum(admissions) AS admissions, sum(discharges) AS discharges
                          FROM old_rows GROUP BY 1, 2) o
                 WHERE m.centre_id = o.centre_id AND m.month = o.month;
              END IF;
              IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO occupancy_months AS m (centre_id, month, nights, capacity_bed_nights, occupied_bed_nights, admissions, discharges)
                SELECT n.centre_id, date_trunc('month', n.day::timestamp)::date, count(*), sum(n.capacity), sum(n.occupied_bed_nights), sum(n.admissions), sum(n.discharges)
                  FROM new_rows n JOIN centres c ON c.id = n.centre_id GROUP BY 1, 2
                ON CONFLICT (centre_id, month) DO UPDATE
                   SET nights = m.nights + EXCLUDED.nights, capacity_bed_nights = m.capacity_bed_nights + EXCLUDED.capacity_bed_nights,
                       occupied_bed_nights = m.occupied_bed_nights + EXCLUDED.occupied_bed_nights, admissions = m.admissions + EXCLUDED.admissions,
                       discharges = m.discharges + EXCLUDED.discharges;
              END IF;
              IF TG_OP IN ('UPDATE', 'DELETE') THEN
                DELETE FROM occupancy_months m USING (SELECT DISTINCT centre_id, date_trunc('month', day::timestamp)::date AS month FROM old_rows) o
                 WHERE m.centre_id = o.centre_id AND m.month = o.month AND m.nights = 0;
              END IF;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE FUNCTION occupancy_months_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM occupancy_months; RETURN NULL; END $$`);
        await queryRunner.query(`CREATE TRIGGER occupancy_months_insert AFTER INSERT ON "occupancy_snapshots" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION occupancy_months_follow()`);
        await queryRunner.query(`CREATE TRIGGER occupancy_months_update AFTER UPDATE ON "occupancy_snapshots" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION occupancy_months_follow()`);
        await queryRunner.query(`CREATE TRIGGER occupancy_months_delete AFTER DELETE ON "occupancy_snapshots" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION occupancy_months_follow()`);
        await queryRunner.query(`CREATE TRIGGER occupancy_months_truncate AFTER TRUNCATE ON "occupancy_snapshots" FOR EACH STATEMENT EXECUTE FUNCTION occupancy_months_truncate()`);

        // No foreign key to stays: the triggers below take a deleted stay's row out themselves, after the statement.
        await queryRunner.query(`CREATE TABLE "stay_visits" ("stay_id" uuid NOT NULL, "centre_id" uuid NOT NULL, "in_day" date NOT NULL, "end_day" date NOT NULL,
            "prev_centre_day" date NOT NULL, "prev_any_day" date NOT NULL,
            CONSTRAINT "stay_visits_pkey" PRIMARY KEY ("stay_id"), CONSTRAINT "stay_visits_days_check" CHECK (end_day >= in_day))`);
        await queryRunner.query(`CREATE INDEX "stay_visits_days_idx" ON "stay_visits" USING gist (daterange("in_day", "end_day", '[]'))`);
        await queryRunner.query(`CREATE TABLE "people_served_days" ("scope" uuid NOT NULL, "in_day" date NOT NULL, "previous_day" date NOT NULL, "stays" integer NOT NULL,
            CONSTRAINT "people_served_days_pkey" PRIMARY KEY ("scope", "in_day", "previous_day"), CONSTRAINT "people_served_days_stays_check" CHECK (stays >= 0))`);
        // Counts again every stay of `people`, and takes out the rows of the stays `gone` (deleted). One
        // recount per person at a time: people are spread over 1,024 locks, taken in order.
        await queryRunner.query(`CREATE FUNCTION people_served_recount(people uuid[], gone uuid[]) RETURNS void LANGUAGE plpgsql AS $$
            DECLARE
              ids uuid[];
              o_scope uuid[];
              o_in date[];
              o_prev date[];
              o_n int[];
              n_scope uuid[];
              n_in date[];
              n_prev date[];
              n_n int[];
              change record;
            BEGIN
              PERFORM pg_advisory_xact_lock(1796760000, b) FROM (SELECT DISTINCT abs(hashtext(p::text)) % 1024 AS b FROM unnest(people) p ORDER BY 1) locks;
              ids := array(SELECT id FROM stays WHERE person_id = ANY(people)) || gone;
              SELECT array_agg(scope), array_agg(in_day), array_agg(previous_day), array_agg(n) INTO o_scope, o_in, o_prev, o_n
                FROM (${counts('(SELECT * FROM stay_visits WHERE stay_id = ANY(ids)) old')}) c;
              DELETE FROM stay_visits WHERE stay_id = ANY(ids);
              WITH fresh AS (INSERT INTO stay_visits (stay_id, centre_id, in_day, end_day, prev_centre_day, prev_any_day) ${visits('WHERE s.person_id = ANY(people)')} RETURNING *)
              SELECT array_agg(scope), array_agg(in_day), array_agg(previous_day), array_agg(n) INTO n_scope, n_in, n_prev, n_n FROM (${counts('fresh')}) c;
              -- The net change of each count, written one at a time in the order of its key: check-ins at
              -- once share the rows of their day and so take their locks in the same order (no deadlock);
              -- a check-out, which changes no count, writes none.
              FOR change IN
                SELECT scope, in_day, previous_day, sum(n)::int AS n
                  FROM (SELECT * FROM unnest(n_scope, n_in, n_prev, n_n) AS f(scope, in_day, previous_day, n)
                        UNION ALL SELECT s, i, p, -n FROM unnest(o_scope, o_in, o_prev, o_n) AS o(s, i, p, n)) c
                 GROUP BY 1, 2, 3 HAVING sum(n) <> 0 ORDER BY 1, 2, 3
              LOOP
                IF change.n > 0 THEN
                  INSERT INTO people_served_days AS d (scope, in_day, previous_day, stays) VALUES (change.scope, change.in_day, change.previous_day, change.n)
                  ON CONFLICT (scope, in_day, previous_day) DO UPDATE SET stays = d.stays + EXCLUDED.stays;
                ELSE
                  UPDATE people_served_days d SET stays = d.stays + change.n
                   WHERE d.scope = change.scope AND d.in_day = change.in_day AND d.previous_day = change.previous_day;
                END IF;
              END LOOP;
            END $$`);
        await queryRunner.query(`CREATE FUNCTION people_served_rebuild() RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
              LOCK TABLE stay_visits, people_served_days IN EXCLUSIVE MODE;
              DELETE FROM stay_visits;
              DELETE FROM people_served_days;
              INSERT INTO stay_visits (stay_id, centre_id, in_day, end_day, prev_centre_day, prev_any_day) ${visits('')};
              INSERT INTO people_served_days (scope, in_day, previous_day, stays) ${counts('stay_visits')};
            END $$`);
        await queryRunner.query(`CREATE FUNCTION people_served_follow() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
              people uuid[];
              gone uuid[] := '{}';
            BEGIN
              IF TG_OP = 'INSERT' THEN
                SELECT array_agg(DISTINCT person_id) INTO people FROM new_rows;
              ELSIF TG_OP = 'UPDATE' THEN
                SELECT array_agg(DISTINCT p) INTO people
                  FROM old_rows o JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL (VALUES (o.person_id), (n.person_id)) v(p)
                 WHERE (o.person_id, o.centre_id, o.checked_in_at, o.checked_out_at) IS DISTINCT FROM (n.person_id, n.centre_id, n.checked_in_at, n.checked_out_at);
              ELSE
                SELECT array_agg(DISTINCT person_id), array_agg(id) INTO people, gone FROM old_rows;
              END IF;
              IF people IS NOT NULL THEN
                PERFORM people_served_recount(people, gone);
              END IF;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE FUNCTION people_served_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM stay_visits; DELETE FROM people_served_days; RETURN NULL; END $$`);
        await queryRunner.query(`CREATE TRIGGER people_served_insert AFTER INSERT ON "stays" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION people_served_follow()`);
        await queryRunner.query(`CREATE TRIGGER people_served_update AFTER UPDATE ON "stays" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION people_served_follow()`);
        await queryRunner.query(`CREATE TRIGGER people_served_delete AFTER DELETE ON "stays" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION people_served_follow()`);
        await queryRunner.query(`CREATE TRIGGER people_served_truncate AFTER TRUNCATE ON "stays" FOR EACH STATEMENT EXECUTE FUNCTION people_served_truncate()`);
        await queryRunner.query(`SELECT people_served_rebuild()`);
        // Statistics at once: the planner would otherwise take the filled tables for empty ones until the next analyse.
        await queryRunner.query(`ANALYZE occupancy_months, stay_visits, people_served_days`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER people_served_truncate ON "stays"`);
        await queryRunner.query(`DROP TRIGGER people_served_delete ON "stays"`);
        await queryRunner.query(`DROP TRIGGER people_served_update ON "stays"`);
        await queryRunner.query(`DROP TRIGGER people_served_insert ON "stays"`);
        await queryRunner.query(`DROP FUNCTION people_served_truncate()`);
        await queryRunner.query(`DROP FUNCTION people_served_follow()`);
        await queryRunner.query(`DROP FUNCTION people_served_rebuild()`);
        await queryRunner.query(`DROP FUNCTION people_served_recount(uuid[], uuid[])`);
        await queryRunner.query(`DROP TABLE "people_served_days"`);
        await queryRunner.query(`DROP TABLE "stay_visits"`);
        await queryRunner.query(`DROP TRIGGER occupancy_months_truncate ON "occupancy_snapshots"`);
        await queryRunner.query(`DROP TRIGGER occupancy_months_delete ON "occupancy_snapshots"`);
        await queryRunner.query(`DROP TRIGGER occupancy_months_update ON "occupancy_snapshots"`);
        await queryRunner.query(`DROP TRIGGER occupancy_months_insert ON "occupancy_snapshots"`);
        await queryRunner.query(`DROP FUNCTION occupancy_months_truncate()`);
        await queryRunner.query(`DROP FUNCTION occupancy_months_follow()`);
        await queryRunner.query(`DROP TABLE "occupancy_months"`);
    }

}
