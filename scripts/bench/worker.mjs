// The worker making notices: 10,000 rights notices prepared through the outbox, the queue and
// the templates, against two ceilings: BullMQ moving as many empty jobs, and the same database
// work per notice issued as plain SQL.
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import { percentile } from './http.mjs';
import { sqlLoad } from './sql.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the outbox has nothing due left unfinished (what the worker found at start, the boat's notices). */
export async function outboxIdle(pool, timeoutMs) {
  const started = Date.now();
  let quiet = 0;
  while (Date.now() - started < timeoutMs) {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE completed_at IS NULL AND failed_at IS NULL AND available_at <= now()`);
    quiet = rows[0].n === 0 ? quiet + 1 : 0;
    if (quiet >= 3) return true;
    await sleep(1000);
  }
  return false;
}

/**
 * Stays whose rights notice is prepared again: people who left in the last months (their
 * notices are not yet past retention), their existing notice removed first.
 */
async function pickStays(pool, count, excluding = []) {
  const { rows } = await pool.query(
    `SELECT s.id FROM stays s JOIN people p ON p.id = s.person_id
      WHERE s.checked_out_at > now() - interval '6 months' AND p.given_names <> '' AND s.id <> ALL($2::uuid[])
      ORDER BY s.checked_out_at DESC LIMIT $1`,
    [count, excluding],
  );
  return rows.map((row) => row.id);
}

/** Runs on the worker the bench started with the server, as in production. */
export async function noticesScenario({ pool, count }) {
  const settled = await outboxIdle(pool, 180_000);
  const stays = await pickStays(pool, count);
  if (stays.length < count) throw new Error(`only ${stays.length} stays to prepare notices for`);
  await pool.query(`DELETE FROM notices WHERE dedupe_key = ANY($1)`, [stays.map((id) => `rights_on_arrival:${id}`)]);
  const ids = stays.map(() => randomUUID());
  const begin = Date.now();
  await pool.query(
    `INSERT INTO outbox_messages (id, queue, job_name, payload)
     SELECT id, 'notices', 'prepare-person-notice', jsonb_build_object('type', 'rights_on_arrival', 'stayId', stay) FROM unnest($1::uuid[], $2::uuid[]) AS t(id, stay)`,
    [ids, stays],
  );
  let done = 0;
  while (done < count) {
    if (Date.now() - begin > 15 * 60_000) throw new Error(`the worker finished ${done} of ${count} notices in 15 minutes`);
    await sleep(250);
    done = (await pool.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE id = ANY($1) AND completed_at IS NOT NULL`, [ids])).rows[0].n;
  }
  const { rows } = await pool.query(
    `SELECT extract(epoch FROM max(o.completed_at) - min(o.created_at)) AS seconds,
            percentile_disc(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM n.rendered_at - o.created_at) * 1000) AS waits,
            count(n.id)::int AS notices, count(n.id) FILTER (WHERE n.interpreter_needed)::int AS interpreted
       FROM outbox_messages o LEFT JOIN notices n ON n.dedupe_key = 'rights_on_arrival:' || (o.payload ->> 'stayId')
      WHERE o.id = ANY($1)`,
    [ids],
  );
  const seconds = Number(rows[0].seconds);
  return {
    notices: rows[0].notices,
    interpreted: rows[0].interpreted,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round((count / seconds) * 10) / 10,
    // From the outbox row's commit to the notice being rendered: relay, queue, and processing.
    p50: Math.round(rows[0].waits[0]),
    p95: Math.round(rows[0].waits[1]),
    p99: Math.round(rows[0].waits[2]),
    settledFirst: settled,
    stays,
  };
}

/** BullMQ alone: as many jobs that do nothing, added in bulk, one worker at the notices processor's concurrency. */
export async function bullmqCeiling({ redisUrl, prefix, count, concurrency = 10 }) {
  const connection = { url: redisUrl };
  const name = `bench-empty-${randomUUID().slice(0, 8)}`;
  const queue = new Queue(name, { connection, prefix });
  let finished = 0;
  let resolveDone;
  const allDone = new Promise((resolve) => (resolveDone = resolve));
  const worker = new Worker(name, async () => undefined, { connection, prefix, concurrency });
  worker.on('completed', () => {
    finished += 1;
    if (finished === count) resolveDone();
  });
  await worker.waitUntilReady();
  const begin = Date.now();
  for (let i = 0; i < count; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({ name: 'empty', data: { n: i + j }, opts: { removeOnComplete: true } })));
  }
  await allDone;
  const seconds = (Date.now() - begin) / 1000;
  await worker.close();
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  return { perSecond: Math.round((count / seconds) * 10) / 10, seconds: Math.round(seconds * 100) / 100 };
}

/**
 * The database work of one notice as plain SQL, without the queue or the templates: the stay
 * and person read, the notice looked up and inserted (html of the same size), the interpreter
 * task with its case read and audit event, the outbox row completed, in one transaction.
 */
export async function noticeSqlCeiling({ pool, count, concurrency = 10, exclude, htmlLength }) {
  const stays = await pickStays(pool, count, exclude);
  const html = 'x'.repeat(htmlLength);
  const outbox = stays.map(() => randomUUID());
  await pool.query(
    `INSERT INTO outbox_messages (id, queue, job_name, payload, enqueued_at)
     SELECT id, 'notices', 'bench-sql-ceiling', jsonb_build_object('stayId', stay), now() FROM unnest($1::uuid[], $2::uuid[]) AS t(id, stay)`,
    [outbox, stays],
  );
  try {
    const result = await sqlLoad(pool, {
      concurrency,
      amount: stays.length,
      work: async (client, index) => {
        const stayId = stays[index];
        const key = `bench-sql-ceiling:${stayId}`;
        // As NoticesService.preparePersonNotice: one read and one statement, each prepared once per connection.
        const [context] = (
          await client.query({
            name: 'ceiling.context',
            text: `SELECT s.id AS stay_id, s.case_id, s.person_id, s.centre_id, s.checked_in_at, s.checked_out_at, s.exit_reason,
                          s.authorised_until, s.legal_limit_at, s.asylum_claim_window_ends_at,
                          p.given_names, p.family_name, p.languages, c.name AS centre_name, c.kind AS centre_kind, c.timezone,
                          k.caseworker_id, k.centre_id AS case_centre_id,
                          EXISTS (SELECT 1 FROM notices n WHERE n.dedupe_key = $2) AS noticed,
                          CASE WHEN $3 THEN EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = s.case_id AND r.status <> 'draft') ELSE false END AS referred,
                          ARRAY(SELECT code::text FROM reviewed_notice_languages) AS reviewed
                     FROM stays s JOIN people p ON p.id = s.person_id JOIN centres c ON c.id = s.centre_id JOIN cases k ON k.id = s.case_id
                    WHERE s.id = $1`,
            values: [stayId, key, false],
          })
        ).rows;
        const interpreter = !context.languages.some((language) => language === 'en' || language === 'fr');
        const now = new Date();
        await client.query({
          name: 'ceiling.insert',
          text: `WITH notice AS (
                   INSERT INTO notices (type, audience, person_id, centre_id, stay_id, language, interpreter_needed, status, subject, html, dedupe_key, rendered_at, translation_reviewed, language_choice)
                   VALUES ($1, 'person', $2, $3, $4, $5, $6, 'rendered', $7, $8, $9, $10, true, CASE WHEN $6::boolean THEN 'fallback' ELSE 'reviewed' END) ON CONFLICT DO NOTHING RETURNING id
                 ), task AS (
                   INSERT INTO tasks (case_id, source, kind, params, due_at, assigned_to, done_at, created_by)
                   SELECT $11::uuid, 'interpreter', 'interpreter_notice', $12::jsonb || jsonb_build_object('noticeId', notice.id), $13::timestamptz, $14::uuid, NULL, NULL FROM notice WHERE $6::boolean RETURNING case_id
                 ), audit AS (
                   INSERT INTO audit_events (at, actor_id, action, entity_type, entity_id, centre_id, outcome, origin, request_id)
                   SELECT $15::timestamptz, NULL, 'task.create', 'case', case_id, $16::uuid, 'success', $17::varchar, NULL FROM task
                 )
                 UPDATE outbox_messages SET completed_at = $15 WHERE id = $18`,
          values: [
            'rights_on_arrival', context.person_id, context.centre_id, stayId, interpreter ? 'fr' : 'en', interpreter, 'Vos droits dans ce centre', html, key, now,
            context.case_id, JSON.stringify({ noticeType: 'rights_on_arrival', language: interpreter ? 'fr' : 'en' }), new Date(now.getTime() + 86_400_000), context.caseworker_id, now, context.case_centre_id, 'system', outbox[index],
          ],
        });
      },
    });
    return { perSecond: result.rps, seconds: result.seconds, p50: result.p50, p95: result.p95, p99: result.p99, errors: result.errors };
  } finally {
    // The ceiling's own rows go again: what it measured was the work, not the result.
    await pool.query(`DELETE FROM tasks WHERE kind = 'interpreter_notice' AND params->>'noticeId' IN (SELECT id::text FROM notices WHERE dedupe_key LIKE 'bench-sql-ceiling:%')`);
    await pool.query(`DELETE FROM notices WHERE dedupe_key LIKE 'bench-sql-ceiling:%'`);
    await pool.query(`DELETE FROM outbox_messages WHERE job_name = 'bench-sql-ceiling'`);
  }
}

export const htmlLengthOf = async (pool, stays) =>
  Number((await pool.query(`SELECT COALESCE(avg(length(html)), 2000)::int AS n FROM notices WHERE dedupe_key = ANY($1)`, [stays.slice(0, 200).map((id) => `rights_on_arrival:${id}`)])).rows[0].n);

export { percentile };
