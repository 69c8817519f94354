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
 * in all), each on a connection of the pool (or, with `connect: false`, given the pool to take
 * its own), and times each run.
 */
export async function sqlLoad(pool, { concurrency, durationMs, amount, work, connect = true }) {
  const latencies = [];
  let errors = 0;
  let started = 0;
  let firstError;
  const deadline = durationMs ? Date.now() + durationMs : Number.POSITIVE_INFINITY;
  const begin = process.hrtime.bigint();
  const loop = async () => {
    while (Date.now() < deadline && (amount === undefined || started < amount)) {
      const index = started++;
      if (!connect) {
        // The work takes its own connections from the pool, as the server does.
        const t0 = process.hrtime.bigint();
        try {
          await work(pool, index);
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        } catch (error) {
          errors += 1;
          firstError ??= error;
        }
        continue;
      }
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
 * A check-in as plain SQL: the statements StaysService.checkIn issues, in its order (authentication,
 * centre; the duplicate search on a connection of its own while the transaction runs: person and
 * its audit event, bed allocation with SKIP LOCKED, case and
 * its history, stay, bed, centre link, waiting list, audit events, outbox row, and the audit event
 * of the duplicates shown, once the search is done), chained by the ids each returns. `duplicateSearch` is the text of the
 * search as the server sent it (captured from a real check-in), so that the two cannot drift apart.
 * It takes connections from the pool as the server does, never holding one while waiting for another:
 * run it with `sqlLoad(pool, { connect: false, … })`.
 */
export function checkInTransaction({ token, centre, actor, person, duplicateSearch }) {
  const tokenHash = hashToken(token);
  return async (pool, index) => {
    const now = new Date();
    const input = person(index);
    const personId = randomUUID();
    const audit = (client, action, type, id, centreId = null) =>
      client.query(
        `INSERT INTO "audit_events"("id", "at", "actor_id", "action", "entity_type", "entity_id", "centre_id", "outcome", "origin", "request_id", "subject_ids") VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING "id", "subject_ids"`,
        [new Date(), actor, action, type, id, centreId, 'success', '127.0.0.1', randomUUID(), []],
      );
    await pool.query(
      `SELECT "u"."id" AS id, "u"."role" AS role, "u"."centre_ids" AS centre_ids, "t"."second_factor" AS second_factor FROM "api_tokens" "t" INNER JOIN "users" "u" ON "u"."id" = "t"."user_id"
        WHERE "t"."token_hash" = $1 AND "t"."revoked_at" IS NULL AND "t"."expires_at" > $2 AND "u"."disabled_at" IS NULL`,
      [tokenHash, now],
    );
    const [found] = (await pool.query(`SELECT * FROM "centres" "Centre" WHERE (("Centre"."id" = $1)) LIMIT 1`, [centre])).rows;
    // By name, as the server prepares it once per connection.
    const search = pool.query({ name: 'people.duplicate_candidates', text: duplicateSearch }, [
      input.searchText,
      input.searchSkeleton,
      input.dateOfBirth,
      input.centreIds,
      [personId],
      input.searchSkeleton.split(' ').filter(Boolean),
      [],
      [],
    ]);
    search.catch(() => undefined);
    const client = await pool.connect();
    let stayId;
    try {
      await client.query('START TRANSACTION');
      await client.query(`SELECT code FROM reviewed_notice_languages`);
      await client.query(
        `INSERT INTO "people"("id", "family_name", "given_names", "aliases", "date_of_birth", "dob_estimated", "age_disputed", "assessed_age", "sex", "nationalities", "languages", "interpreter_needed", "search_text", "search_skeleton", "created_at", "version", "legal_hold", "legal_hold_reason", "legal_hold_by", "legal_hold_at", "merged_into", "anonymised_at")
         VALUES ($1, $2, $3, $4, $5, $6, $7, DEFAULT, $8, $9, $10, $11, $12, $13, DEFAULT, 1, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT) RETURNING "id", "aliases", "dob_estimated", "age_disputed", "nationalities", "languages", "interpreter_needed", "created_at", "version", "legal_hold"`,
        [personId, input.familyName, input.givenNames, [], input.dateOfBirth, false, false, input.sex, input.nationalities, input.languages, true, input.searchText, input.searchSkeleton],
      );
      await audit(client, 'person.create', 'person', personId);
      const housings = input.sex === 'female' ? ['women', 'mixed'] : ['men', 'mixed'];
      const [bed] = (
        await client.query(
          `SELECT "b"."id", "b"."unit_id" FROM "beds" "b" INNER JOIN "units" "u" ON "u"."id" = "b"."unit_id"
            WHERE "b"."centre_id" = $1 AND "b"."in_service" AND NOT "b"."occupied"
              AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.bed_id = "b"."id" AND s.checked_out_at > $2)
              AND NOT EXISTS (SELECT 1 FROM bed_moves m WHERE m.from_bed_id = "b"."id" AND m.moved_at > $2)
              AND "u"."housing" IN ($3, $4)
            ORDER BY array_position(ARRAY[$5, $6]::varchar[], "u"."housing") ASC, "u"."name" ASC, "b"."position" ASC LIMIT 1 FOR UPDATE OF b SKIP LOCKED`,
          [centre, now, ...housings, ...housings],
        )
      ).rows;
      if (!bed) throw new Error('no free bed left for the plain-SQL check-in');
      const [opened] = (
        await client.query(
          `INSERT INTO "cases"("id", "person_id", "centre_id", "status", "caseworker_id", "opened_at", "closed_at", "created_at", "version") VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, DEFAULT, DEFAULT) RETURNING "id", "created_at", "version"`,
          [personId, centre, 'open', null, now, null],
        )
      ).rows;
      await client.query(
        `INSERT INTO "case_status_changes"("id", "case_id", "from_status", "to_status", "at", "by_user_id", "note", "note_kind", "recorded_at") VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, DEFAULT, DEFAULT) RETURNING "id", "recorded_at"`,
        [opened.id, null, 'open', now, actor, null],
      );
      await audit(client, 'case.create', 'case', opened.id, centre);
      const [stay] = (
        await client.query(
          `INSERT INTO "stays"("person_id", "centre_id", "unit_id", "bed_id", "case_id", "household_id", "interception_id", "checked_in_at", "legal_limit_at", "authorised_until", "asylum_claim_window_ends_at", "age_assessment_required", "welfare_level", "next_welfare_check_due", "checked_in_by", "version")
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1) RETURNING "id", "age_assessment_required", "welfare_level", "created_at", "version"`,
          [personId, centre, bed.unit_id, bed.id, opened.id, null, input.interceptionId ?? null, now, new Date(now.getTime() + found.max_stay_days * DAY), null, null, false, 'standard', new Date(now.getTime() + found.first_welfare_check_minutes * 60_000), actor],
        )
      ).rows;
      stayId = stay.id;
      await client.query(`UPDATE "beds" SET "occupied" = $1 WHERE "id" = $2`, [true, bed.id]);
      await client.query(`INSERT INTO "person_centres"("person_id", "centre_id", "first_seen_at") VALUES ($1, $2, DEFAULT) ON CONFLICT DO NOTHING RETURNING "first_seen_at"`, [personId, centre]);
      await audit(client, 'stay.create', 'stay', stay.id, centre);
      await client.query(
        `INSERT INTO "outbox_messages"("id", "queue", "job_name", "payload", "created_at", "available_at", "enqueued_at", "completed_at", "failed_at", "attempts", "last_error") VALUES ($1, $2, $3, $4, DEFAULT, $5, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT) RETURNING "created_at", "attempts"`,
        [randomUUID(), 'notices', 'prepare-person-notice', JSON.stringify({ type: 'rights_on_arrival', stayId: stay.id }), now],
      );
      const duplicates = (await search).rows;
      // The server scores the candidates in Node and records the few above its threshold, in the check-in's transaction.
      if (duplicates.length > 0) {
        await client.query(
          `INSERT INTO "audit_events"("id", "at", "actor_id", "action", "entity_type", "entity_id", "centre_id", "outcome", "origin", "request_id", "subject_ids") VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING "id", "subject_ids"`,
          [new Date(), actor, 'person.duplicate_check', 'person', null, centre, 'success', '127.0.0.1', randomUUID(), duplicates.slice(0, 5).map((row) => row.id)],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return stayId;
  };
}
