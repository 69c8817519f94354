// The database-only ceiling: the same statements a request runs, issued through pg directly, on
// as many connections as the server's pool, with nothing of the framework around them.
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { summarise } from './http.mjs';

/** A pool of connections the size of the server's (10), so both sides queue for the database alike. */
export function sqlPool(databaseUrl, size = 10) {
  return new pg.Pool({ connectionString: databaseUrl, max: size, application_name: 'escale-bench' });
}

/**
 * Runs `work(client, i)` from `concurrency` loops at once for `durationMs` (or `amount` times
 * in all), each on a connection of the pool, and times each run.
 */
export async function sqlLoad(pool, { concurrency, durationMs, amount, work }) {
  const latencies = [];
  let errors = 0;
  let started = 0;
  let firstError;
  const deadline = durationMs ? Date.now() + durationMs : Number.POSITIVE_INFINITY;
  const begin = process.hrtime.bigint();
  const loop = async () => {
    while (Date.now() < deadline && (amount === undefined || started < amount)) {
      const index = started++;
      const client = await pool.connect();
      const t0 = process.hrtime.bigint();
      try {
        await work(client, index);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      } catch (error) {
        errors += 1;
        firstError ??= error;
        await client.query('ROLLBACK').catch(() => undefined);
      } finally {
        client.release();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  if (firstError && latencies.length === 0) throw firstError;
  return { ...summarise(latencies, seconds, errors), firstError: firstError?.message, latencies };
}

/** Replays captured statements in order on one connection: the request's database work, exactly. */
export function replay(variants) {
  return async (client, index) => {
    const statements = variants[index % variants.length];
    for (const statement of statements) await client.query(statement.text, statement.values);
  };
}

const hashToken = (token) => createHash('sha256').update(token).digest('hex');
const DAY = 86_400_000;

/**
 * A check-in as plain SQL: the statements StaysService.checkIn issues (authentication, centre,
 * person, bed allocation with SKIP LOCKED, case and its history, stay, bed, audit events,
 * outbox row, then the duplicate search), written by hand, chained by the ids each returns.
 */
export function checkInTransaction({ token, centre, actor, person }) {
  const tokenHash = hashToken(token);
  return async (client, index) => {
    const now = new Date();
    const input = person(index);
    const audit = (action, type, id, centreId = null) =>
      client.query(
        `INSERT INTO "audit_events"("id", "at", "actor_id", "action", "entity_type", "entity_id", "centre_id", "outcome", "origin", "request_id") VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING "id"`,
        [new Date(), actor, action, type, id, centreId, 'success', '127.0.0.1', randomUUID()],
      );
    await client.query(
      `SELECT "u"."id" AS id, "u"."role" AS role, "u"."centre_ids" AS centre_ids FROM "api_tokens" "t" INNER JOIN "users" "u" ON "u"."id" = "t"."user_id"
        WHERE "t"."token_hash" = $1 AND "t"."revoked_at" IS NULL AND "t"."expires_at" > $2 AND "u"."disabled_at" IS NULL`,
      [tokenHash, now],
    );
    const [found] = (await client.query(`SELECT * FROM "centres" WHERE "id" = $1 LIMIT 1`, [centre])).rows;
    await client.query('START TRANSACTION');
    const [created] = (
      await client.query(
        `INSERT INTO "people"("family_name", "given_names", "aliases", "date_of_birth", "dob_estimated", "age_disputed", "sex", "nationalities", "languages", "interpreter_needed", "search_text", "search_skeleton")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING "id", "created_at", "version"`,
        [input.familyName, input.givenNames, [], input.dateOfBirth, false, false, input.sex, input.nationalities, input.languages, true, input.searchText, input.searchSkeleton],
      )
    ).rows;
    await audit('person.create', 'person', created.id);
    await client.query(`SELECT 1 FROM stays WHERE person_id = $1 AND checked_out_at IS NULL`, [created.id]);
    const housings = input.sex === 'female' ? ['women', 'mixed'] : ['men', 'mixed'];
    const [bed] = (
      await client.query(
        `SELECT "b"."id", "b"."unit_id" FROM "beds" "b" INNER JOIN "units" "u" ON "u"."id" = "b"."unit_id"
          WHERE "b"."centre_id" = $1 AND "b"."in_service" AND NOT "b"."occupied"
            AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = b.id AND s.checked_out_at > $2)
            AND "u"."housing" IN ($3, $4)
          ORDER BY array_position(ARRAY[$5, $6]::varchar[], u.housing) ASC, "u"."name" ASC, "b"."position" ASC LIMIT 1 FOR UPDATE OF "b" SKIP LOCKED`,
        [centre, now, ...housings, ...housings],
      )
    ).rows;
    if (!bed) throw new Error('no free bed left for the plain-SQL check-in');
    const [opened] = (
      await client.query(
        `INSERT INTO "cases"("id", "person_id", "centre_id", "status", "caseworker_id", "opened_at", "closed_at", "created_at", "version") VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, DEFAULT, DEFAULT) RETURNING "id", "created_at", "version"`,
        [created.id, centre, 'open', null, now, null],
      )
    ).rows;
    await client.query(
      `INSERT INTO "case_status_changes"("id", "case_id", "from_status", "to_status", "at", "by_user_id", "note", "recorded_at") VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, DEFAULT) RETURNING "id", "recorded_at"`,
      [opened.id, null, 'open', now, actor, null],
    );
    await audit('case.create', 'case', opened.id, centre);
    const [stay] = (
      await client.query(
        `INSERT INTO "stays"("person_id", "centre_id", "unit_id", "bed_id", "case_id", "household_id", "interception_id", "checked_in_at", "legal_limit_at", "authorised_until", "asylum_claim_window_ends_at", "age_assessment_required", "next_welfare_check_due", "checked_in_by")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING "id", "welfare_level", "created_at", "version"`,
        [created.id, centre, bed.unit_id, bed.id, opened.id, null, input.interceptionId ?? null, now, new Date(now.getTime() + found.max_stay_days * DAY), null, null, false, new Date(now.getTime() + found.first_welfare_check_minutes * 60_000), actor],
      )
    ).rows;
    await client.query(`UPDATE "beds" SET "occupied" = $1 WHERE "id" = $2`, [true, bed.id]);
    await client.query(`INSERT INTO "person_centres"("person_id", "centre_id", "first_seen_at") VALUES ($1, $2, DEFAULT) ON CONFLICT DO NOTHING RETURNING "first_seen_at"`, [created.id, centre]);
    await audit('stay.create', 'stay', stay.id, centre);
    const outboxId = randomUUID();
    await client.query(`SELECT "id" FROM "outbox_messages" WHERE "id" = $1`, [outboxId]);
    await client.query(
      `INSERT INTO "outbox_messages"("id", "queue", "job_name", "payload") VALUES ($1, $2, $3, $4) RETURNING "id", "created_at", "available_at"`,
      [outboxId, 'notices', 'prepare-person-notice', JSON.stringify({ type: 'rights_on_arrival', stayId: stay.id })],
    );
    await client.query('COMMIT');
    const inScope = 'EXISTS (SELECT 1 FROM person_centres pc WHERE pc.person_id = p.id AND pc.centre_id = ANY($4))';
    const duplicates = await client.query(
      `WITH found AS (
         (SELECT p.id FROM people p WHERE p.search_text % $1 AND ${inScope} ORDER BY p.search_text <-> $1 LIMIT 50)
         UNION (SELECT p.id FROM people p WHERE string_to_array(p.search_skeleton, ' ') @> $7::text[] AND ${inScope} LIMIT 50)
         UNION (SELECT p.id FROM people p WHERE p.date_of_birth = $3::date AND (p.search_text % $1 OR p.search_skeleton % $2) AND ${inScope})
       )
       SELECT id, family_name, given_names, date_of_birth, score FROM (
         SELECT p.id, p.family_name, p.given_names, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
                round(LEAST(1, 0.8 * GREATEST(similarity(p.search_text, $1), 0.95 * similarity(p.search_skeleton, $2))
                     + CASE WHEN p.date_of_birth = $3::date THEN 0.2
                            WHEN abs(extract(year FROM p.date_of_birth) - extract(year FROM $3::date)) <= 1 THEN 0.1
                            ELSE 0 END)::numeric, 2)::float AS score
           FROM found JOIN people p USING (id)
          WHERE p.id IS DISTINCT FROM $5::uuid
       ) scored WHERE score >= $6 ORDER BY score DESC, id LIMIT 5`,
      [input.searchText, input.searchSkeleton, input.dateOfBirth, input.centreIds, created.id, 0.5, input.searchSkeleton.split(' ').filter(Boolean)],
    );
    if (duplicates.rows.length > 0) {
      const values = duplicates.rows.flatMap((row) => [new Date(), actor, 'person.duplicate_check', 'person', row.id, null, 'success', '127.0.0.1', randomUUID()]);
      const rows = duplicates.rows.map((_, i) => `(DEFAULT, ${Array.from({ length: 9 }, (__, j) => `$${i * 9 + j + 1}`).join(', ')})`).join(', ');
      await client.query(`INSERT INTO "audit_events"("id", "at", "actor_id", "action", "entity_type", "entity_id", "centre_id", "outcome", "origin", "request_id") VALUES ${rows} RETURNING "id"`, values);
    }
    return stay.id;
  };
}
