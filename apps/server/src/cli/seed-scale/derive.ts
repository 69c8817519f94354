/**
 * What follows from the stays, made inside PostgreSQL, set-based: who may see whom
 * (person_centres), welfare checks on the centres' schedule, the notices each stay produced
 * and the interpreter tasks they raised, deposited property, and which beds are taken now.
 */
import type pg from 'pg';
import type { LanguageChoice, NoticeTemplates } from '@escale/notices';
import { insertRows } from './bulk.js';
import { createNoticeDates, noticeDate } from './notice-dates.js';

interface Context {
  seed: number;
  now: Date;
  progress: (what: string, rows: number) => void;
}

/** Months each category of a person's data is kept after their last case closes (the nightly retention job's periods). */
export interface RetentionPeriods {
  notices: number;
  health: number;
  identity: number;
}

/**
 * Which people the nightly retention job would already have reached: everything closed, and by
 * category, closed long enough ago. History is generated as the job would have left it, so
 * its first run on the generated database finds little to do.
 */
export async function markRetention(client: pg.ClientBase, context: Context, periods: RetentionPeriods | undefined): Promise<void> {
  await client.query(`CREATE TEMPORARY TABLE seed_retention (person_id uuid PRIMARY KEY, closed_at timestamptz NOT NULL, notices boolean NOT NULL, health boolean NOT NULL, identity boolean NOT NULL) ON COMMIT DROP`);
  const [{ applies }] = (await client.query<{ applies: boolean }>(`SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'people' AND column_name = 'anonymised_at') AS applies`)).rows;
  if (!periods || !applies) {
    context.progress('retention not applied: no retention periods in this version', 0);
    return;
  }
  const result = await client.query(
    `INSERT INTO seed_retention (person_id, closed_at, notices, health, identity)
     SELECT c.person_id, max(c.closed_at), max(c.closed_at) <= $1::timestamptz - make_interval(months => $2),
            max(c.closed_at) <= $1::timestamptz - make_interval(months => $3), max(c.closed_at) <= $1::timestamptz - make_interval(months => $4)
       FROM cases c
      GROUP BY c.person_id
     HAVING bool_and(c.status = 'closed') AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.person_id = c.person_id AND s.checked_out_at IS NULL)`,
    [context.now, Math.min(periods.notices, periods.identity), Math.min(periods.health, periods.identity), periods.identity],
  );
  context.progress('people past some retention period', result.rowCount ?? 0);
}

/** What the retention job erases beyond notices and welfare notes (which are made without it): health reasons, and identities. */
export async function applyRetention(client: pg.ClientBase, context: Context, periods: RetentionPeriods | undefined): Promise<void> {
  if (!periods) return;
  await client.query(`UPDATE welfare_level_changes l SET reason = '', vulnerability_type = NULL FROM stays s JOIN seed_retention r ON r.person_id = s.person_id WHERE l.stay_id = s.id AND (r.health OR r.identity)`);
  const anonymised = await client.query(
    `UPDATE people p SET family_name = 'ANON-' || upper(left(replace(p.id::text, '-', ''), 8)), given_names = '', aliases = '{}',
            date_of_birth = make_date(extract(year FROM p.date_of_birth)::int, 1, 1), search_text = '', search_skeleton = '',
            anonymised_at = LEAST($1, r.closed_at + make_interval(months => $2) + interval '1 day'), version = p.version + 1
       FROM seed_retention r WHERE r.person_id = p.id AND r.identity`,
    [context.now, periods.identity],
  );
  if (!anonymised.rowCount) return;
  await client.query(`UPDATE stays s SET destination = NULL FROM seed_retention r WHERE r.person_id = s.person_id AND r.identity AND s.destination IS NOT NULL`);
  await client.query(`UPDATE property_items i SET description = '' FROM stays s JOIN seed_retention r ON r.person_id = s.person_id WHERE i.stay_id = s.id AND r.identity`);
  await client.query(
    `UPDATE households h SET label = NULL WHERE h.label IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM stays s JOIN people q ON q.id = s.person_id WHERE s.household_id = h.id AND q.anonymised_at IS NULL)`,
  );
  context.progress('people anonymised, as the retention job would have', anonymised.rowCount);
}

const RELEASE_REASONS = ['released_by_court', 'released_at_legal_limit', 'moved_to_asylum_accommodation', 'other'];

/** Helpers that live for the transaction: a uniform draw keyed by text. */
export async function createHelpers(client: pg.ClientBase, seed: number): Promise<void> {
  await client.query(`CREATE FUNCTION pg_temp.draw(key text, salt integer) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashtextextended(key, salt + ${seed * 1000}) & 4503599627370495)::double precision / 4503599627370496 $$`);
  await client.query(`CREATE FUNCTION pg_temp.draw_at(key bigint, at timestamptz, salt integer) RETURNS double precision LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashint8extended(key # (extract(epoch FROM at) * 1000)::bigint, salt + ${seed * 1000}) & 4503599627370495)::double precision / 4503599627370496 $$`);
}

export async function linkPeopleToCentres(client: pg.ClientBase, context: Context): Promise<void> {
  const result = await client.query(`INSERT INTO person_centres (person_id, centre_id, first_seen_at)
    SELECT person_id, centre_id, min(checked_in_at) FROM stays GROUP BY person_id, centre_id`);
  context.progress('person centres', result.rowCount ?? 0);
}

/**
 * Welfare checks as staff record them: the first an hour after arrival, then one a day, or
 * every four hours once the level is heightened; each done up to 40 minutes after it fell due,
 * a few refused or missed, a few raising a concern.
 */
export async function recordWelfareChecks(client: pg.ClientBase, context: Context): Promise<void> {
  const result = await client.query(
    `INSERT INTO welfare_checks (stay_id, outcome, notes, performed_at, recorded_by, created_at)
     SELECT s.id,
            CASE WHEN d < 0.93 THEN 'seen_well' WHEN d < 0.96 THEN 'not_present' WHEN d < 0.99 THEN 'refused' ELSE 'concern_raised' END,
            CASE WHEN d >= 0.99 AND r.person_id IS NULL THEN 'Semble très inquiet, ne dort pas ; infirmerie prévenue' END,
            slot + late, u.id, slot + late + interval '3 minutes'
       FROM stays s
       JOIN centres c ON c.id = s.centre_id
       JOIN users u ON u.email = 'staff.' || lower(c.code) || '@scale.example'
       LEFT JOIN seed_heightened h ON h.stay_id = s.id
       LEFT JOIN seed_retention r ON r.person_id = s.person_id AND (r.health OR r.identity)
      CROSS JOIN LATERAL (SELECT hashtextextended(s.id::text, 0) AS key) k
      CROSS JOIN LATERAL (
            SELECT g AS slot FROM generate_series(s.checked_in_at + interval '1 hour',
                   LEAST(COALESCE(h.heightened_from, 'infinity'), COALESCE(s.checked_out_at, $1), $1) - interval '1 millisecond', interval '24 hours') g
            UNION ALL
            SELECT g FROM generate_series(h.heightened_from + CASE WHEN h.carried THEN interval '1 hour' ELSE interval '4 hours' END,
                   LEAST(COALESCE(s.checked_out_at, $1), $1) - interval '1 millisecond', interval '4 hours') g
             WHERE h.stay_id IS NOT NULL
            ) slots
      CROSS JOIN LATERAL (SELECT pg_temp.draw_at(k.key, slot, 1) AS d, (pg_temp.draw_at(k.key, slot, 2) * 40) * interval '1 minute' AS late) drawn
      WHERE slot + late < COALESCE(s.checked_out_at, $1) AND slot + late <= $1`,
    [context.now],
  );
  context.progress('welfare checks', result.rowCount ?? 0);
  // An open stay's next check follows from its last one; a closed stay keeps the one it had at check-out.
  await client.query(
    `UPDATE stays s SET next_welfare_check_due = last.performed_at + CASE WHEN s.welfare_level = 'heightened' THEN interval '4 hours' ELSE interval '24 hours' END
       FROM (SELECT w.stay_id, max(w.performed_at) AS performed_at FROM welfare_checks w JOIN stays o ON o.id = w.stay_id AND o.checked_out_at IS NULL GROUP BY w.stay_id) last
      WHERE s.id = last.stay_id`,
  );
}

/** The beds taken now are the beds of the open stays. */
export async function markOccupiedBeds(client: pg.ClientBase, context: Context): Promise<void> {
  const result = await client.query(`UPDATE beds b SET occupied = true FROM stays s WHERE s.bed_id = b.id AND s.checked_out_at IS NULL`);
  context.progress('occupied beds', result.rowCount ?? 0);
}

/** The person notices a stay produces here (a referral decision is not generated). */
const NOTICE_TYPES = ['rights_on_arrival', 'asylum_claim_reminder', 'transfer', 'release'] as const;
const LANGUAGE_CHOICES: readonly LanguageChoice[] = ['reviewed', 'draft', 'fallback'];
/** Where centres book interpreters, in person or by phone. */
const INTERPRETER_AGENCIES = ['ISM Interprétariat', 'Inter Service Migrants Nord', 'Migrations Santé Hauts-de-France', 'Interlangues Lille', 'Babel Interprétariat'];
const SENTINEL_TIMEZONE = 'Europe/Paris';

/** Person notices of the generated history, and how many of them needed an interpreter. */
export interface NoticeCounts {
  total: number;
  interpreterNeeded: number;
  /** Those that would still need one were every template language reviewed: the person reads none of them. */
  interpreterNeededIfAllReviewed: number;
}

/**
 * Renders each notice template once per kind of centre and way its language was chosen, with
 * marked placeholders, the way the worker renders it, so the database can fill in names,
 * centres and dates for a million notices in one statement.
 */
function noticeTemplates(templates: NoticeTemplates, reviewed: ReadonlySet<string>, asylumWindowDays: number) {
  const sentinel = {
    checkedInAt: new Date(Date.UTC(1971, 1, 3, 4, 5)),
    authorisedUntil: new Date(Date.UTC(1972, 2, 4, 5, 6)),
    legalLimitAt: new Date(Date.UTC(1973, 3, 5, 6, 7)),
    asylumClaimWindowEndsAt: new Date(Date.UTC(1974, 4, 6, 7, 8)),
    issuedAt: new Date(Date.UTC(1975, 5, 7, 8, 9)),
    eventAt: new Date(Date.UTC(1976, 6, 8, 9, 10)),
  };
  const tokens: [Date, string, boolean][] = [
    [sentinel.checkedInAt, '§IN§', true],
    [sentinel.authorisedUntil, '§AU§', true],
    [sentinel.legalLimitAt, '§LL§', true],
    [sentinel.asylumClaimWindowEndsAt, '§AW§', true],
    [sentinel.eventAt, '§EV§', true],
    [sentinel.issuedAt, '§IS§', false],
  ];
  const rows: { type: string; language: string; kind: string; choice: LanguageChoice; subject: string; html: string }[] = [];
  for (const language of templates.languages()) {
    const withTime = new Intl.DateTimeFormat(language.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: SENTINEL_TIMEZONE });
    const dateOnly = new Intl.DateTimeFormat(language.locale, { dateStyle: 'long', timeZone: SENTINEL_TIMEZONE });
    const year = new Intl.DateTimeFormat(language.locale, { year: 'numeric', timeZone: SENTINEL_TIMEZONE });
    const years = Object.values(sentinel).flatMap((date) => [String(date.getUTCFullYear()), year.format(date)]);
    for (const type of NOTICE_TYPES) {
      if (!templates.has(type, language.code)) continue;
      for (const kind of ['removal', 'reception']) {
        for (const choice of LANGUAGE_CHOICES) {
          // As chooseLanguage says: a draft is unreviewed, a fallback as reviewed as its language.
          const translationReviewed = choice === 'reviewed' || (choice === 'fallback' && reviewed.has(language.code));
          const rendered = templates.render(type, language.code, {
            person: { givenNames: 'Zqgiven', familyName: 'Zqfamily' },
            centre: { name: 'Zqcentre', timezone: SENTINEL_TIMEZONE },
            stay: { checkedInAt: sentinel.checkedInAt, authorisedUntil: sentinel.authorisedUntil, legalLimitAt: sentinel.legalLimitAt, asylumClaimWindowEndsAt: sentinel.asylumClaimWindowEndsAt },
            isRemoval: kind === 'removal',
            asylumWindowDays,
            audience: 'person',
            issuedAt: sentinel.issuedAt,
            transfer: { toCentreName: 'Zqtarget', at: sentinel.eventAt },
            release: { at: sentinel.eventAt, reason: 'other' },
            translationReviewed,
            languageChoice: choice,
          });
          let html = rendered.html.replaceAll('Zqgiven', '§G§').replaceAll('Zqfamily', '§F§').replaceAll('Zqcentre', '§C§').replaceAll('Zqtarget', '§T§');
          for (const [date, token, time] of tokens) html = html.replaceAll((time ? withTime : dateOnly).format(date), token);
          // A date left unmarked would be printed as 1971 in every notice: better to stop.
          const left = years.find((text) => html.includes(text));
          if (left) throw new Error(`the ${language.code} ${type} notice writes a date (${left}) otherwise than Intl does in ${language.locale}`);
          rows.push({ type, language: language.code, kind, choice, subject: rendered.subject, html });
        }
      }
    }
  }
  return rows;
}

/**
 * The notices each stay produced: the rights notice at arrival (not again for a placement that
 * goes on from another removal centre), handed over when the stay says its rights were
 * notified; the asylum reminder the day before the claim window closes, for people still held
 * there who had not claimed; the transfer and release notices. Each in the language
 * NoticeTemplates.chooseLanguage gives with the languages reviewed here, its dates written as
 * that language writes them; handed over by staff, with an interpreter (mostly present, some
 * by phone) when the notice needs one; and the interpreter tasks they raised, done when handed over.
 */
export async function issueNotices(client: pg.ClientBase, context: Context & { templates: NoticeTemplates; asylumClaimWindowDays: number }): Promise<NoticeCounts> {
  const { templates } = context;
  const reviewed = new Set((await client.query<{ code: string }>(`SELECT code FROM reviewed_notice_languages`)).rows.map((row) => row.code));
  const rendered = noticeTemplates(templates, reviewed, context.asylumClaimWindowDays);
  await client.query(`CREATE TEMPORARY TABLE seed_notice_templates (type text, language text, kind text, choice text, subject text, html text) ON COMMIT DROP`);
  await client.query(`INSERT INTO seed_notice_templates SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])`, [
    rendered.map((t) => t.type),
    rendered.map((t) => t.language),
    rendered.map((t) => t.kind),
    rendered.map((t) => t.choice),
    rendered.map((t) => t.subject),
    rendered.map((t) => t.html),
  ]);

  // The language of each notice, chosen by the application's own rule once per set of languages (best first) and type.
  const everyLanguage = new Set(templates.languageCodes());
  const sets = (await client.query<{ languages: string[] }>(`SELECT DISTINCT languages FROM people`)).rows;
  const choices = sets.flatMap(({ languages }) =>
    NOTICE_TYPES.map((type) => ({ languages, type, ...templates.chooseLanguage(type, languages, reviewed), interpreterIfAllReviewed: templates.chooseLanguage(type, languages, everyLanguage).interpreterNeeded })),
  );
  await client.query(
    `CREATE TEMPORARY TABLE seed_notice_choices (languages varchar[], type text, language text, interpreter_needed boolean, translation_reviewed boolean, choice text, interpreter_if_all_reviewed boolean) ON COMMIT DROP`,
  );
  await insertRows(client, 'seed_notice_choices', [
    { name: 'languages', type: 'text[]', value: (row) => row.languages },
    { name: 'type', type: 'text', value: (row) => row.type },
    { name: 'language', type: 'text', value: (row) => row.language },
    { name: 'interpreter_needed', type: 'bool', value: (row) => row.interpreterNeeded },
    { name: 'translation_reviewed', type: 'bool', value: (row) => row.translationReviewed },
    { name: 'choice', type: 'text', value: (row) => row.choice },
    { name: 'interpreter_if_all_reviewed', type: 'bool', value: (row) => row.interpreterIfAllReviewed },
  ], choices);
  await client.query('ANALYZE seed_notice_choices');

  const [range] = (
    await client.query<{ from: string; to: string }>(
      `SELECT to_char(min(checked_in_at) AT TIME ZONE 'UTC' - interval '2 days', 'YYYY-MM-DD') AS from,
              to_char(greatest(max(checked_out_at), max(authorised_until), max(legal_limit_at), max(asylum_claim_window_ends_at), $1) AT TIME ZONE 'UTC' + interval '2 days', 'YYYY-MM-DD') AS to
         FROM stays`,
      [context.now],
    )
  ).rows;
  await createNoticeDates(client, templates.languages(), range.from, range.to);
  const dates = [
    { token: '§IN§', ...noticeDate('d_in', 's.checked_in_at', 'ch.language', 'c.timezone', true) },
    { token: '§AU§', ...noticeDate('d_au', 's.authorised_until', 'ch.language', 'c.timezone', true) },
    { token: '§LL§', ...noticeDate('d_ll', 's.legal_limit_at', 'ch.language', 'c.timezone', true) },
    { token: '§AW§', ...noticeDate('d_aw', 'w.asylum_claim_window_ends_at', 'ch.language', 'c.timezone', true) },
    { token: '§EV§', ...noticeDate('d_ev', 's.checked_out_at', 'ch.language', 'c.timezone', true) },
    { token: '§IS§', ...noticeDate('d_is', 'e.at', 'ch.language', 'c.timezone', false) },
  ];
  const fills = [['§G§', 'p.given_names'], ['§F§', 'p.family_name'], ['§C§', 'c.name'], ['§T§', `COALESCE(nc.name, '')`], ...dates.map((date) => [date.token, date.text])];
  const html = fills.reduce((sql, [token, value]) => `replace(${sql}, '${token}', ${value})`, 't.html');

  const result = await client.query(
    `WITH continued AS (
       -- A placement going on from another removal centre: its rights were notified there (StaysService.transfer).
       SELECT s.id FROM stays s JOIN centres c ON c.id = s.centre_id JOIN stays f ON f.id = s.transferred_from_id JOIN centres fc ON fc.id = f.centre_id
        WHERE c.kind = 'removal' AND fc.kind = 'removal'
     ), events AS (
       SELECT 'rights_on_arrival' AS type, s.id AS stay_id, s.checked_in_at + interval '2 minutes' AS at, NULL::uuid AS next_centre FROM stays s
        WHERE NOT EXISTS (SELECT 1 FROM continued k WHERE k.id = s.id)
       UNION ALL
       SELECT 'release', s.id, s.checked_out_at + interval '1 minute', NULL FROM stays s WHERE s.exit_reason = ANY($2)
       UNION ALL
       SELECT 'transfer', s.id, s.checked_out_at + interval '1 minute', n.centre_id FROM stays s JOIN stays n ON n.transferred_from_id = s.id
       UNION ALL
       -- Recalled for the stay whose rights notice opened the window, when it is still open then.
       SELECT 'asylum_claim_reminder', s.id, s.asylum_claim_window_ends_at - interval '1 day', NULL FROM stays s
        WHERE s.asylum_claim_window_ends_at - interval '1 day' < COALESCE(s.checked_out_at, 'infinity')
          AND NOT EXISTS (SELECT 1 FROM continued k WHERE k.id = s.id)
          AND NOT EXISTS (SELECT 1 FROM referrals r JOIN referral_transitions t ON t.referral_id = r.id
                           WHERE r.case_id = s.case_id AND t.to_status = 'submitted' AND t.at <= s.asylum_claim_window_ends_at - interval '1 day')
     )
     INSERT INTO notices (type, audience, person_id, centre_id, stay_id, language, interpreter_needed, translation_reviewed, language_choice, status, subject, html, dedupe_key,
                          created_at, rendered_at, handed_over_at, handed_over_by, interpreter_used, handed_over_language, interpreter_mode, interpreter_name, interpreter_language)
     SELECT e.type, 'person', s.person_id, s.centre_id, s.id, ch.language, ch.interpreter_needed, ch.translation_reviewed, ch.choice,
            CASE WHEN h.at IS NULL THEN 'rendered' ELSE 'handed_over' END,
            t.subject,
            CASE WHEN r.person_id IS NULL THEN ${html} END,
            e.type || ':' || s.id, e.at, e.at + interval '2 seconds',
            h.at,
            CASE WHEN h.at IS NOT NULL THEN u.id END,
            CASE WHEN h.at IS NOT NULL THEN ch.interpreter_needed END,
            CASE WHEN h.at IS NOT NULL THEN ch.language END,
            CASE WHEN h.at IS NULL THEN NULL WHEN NOT ch.interpreter_needed THEN 'none' WHEN pg_temp.draw(s.id::text || e.type, 7) < 0.8 THEN 'present' ELSE 'phone' END,
            CASE WHEN h.at IS NOT NULL AND ch.interpreter_needed THEN ($3::text[])[1 + floor(pg_temp.draw(s.id::text || e.type, 8) * cardinality($3::text[]))::int] END,
            CASE WHEN h.at IS NOT NULL AND ch.interpreter_needed THEN p.languages[1] END
       FROM events e
       JOIN stays s ON s.id = e.stay_id
       JOIN people p ON p.id = s.person_id
       JOIN centres c ON c.id = s.centre_id
       JOIN users u ON u.email = 'staff.' || lower(c.code) || '@scale.example'
       LEFT JOIN centres nc ON nc.id = e.next_centre
       LEFT JOIN seed_retention r ON r.person_id = s.person_id AND (r.notices OR r.identity)
       JOIN seed_notice_choices ch ON ch.languages = p.languages AND ch.type = e.type
       JOIN seed_notice_templates t ON t.type = e.type AND t.language = ch.language AND t.kind = c.kind AND t.choice = ch.choice
      -- The rights notice is handed over when the stay says; the others 10 minutes to two hours after they are made.
      CROSS JOIN LATERAL (SELECT CASE WHEN e.type = 'rights_on_arrival' THEN s.rights_notified_at ELSE e.at + (10 + pg_temp.draw(s.id::text || e.type, 3) * 110) * interval '1 minute' END AS at) given
      CROSS JOIN LATERAL (SELECT CASE WHEN given.at <= $1 THEN given.at END AS at) h
      -- The window as the stay had it when the notice was made: none yet on the rights notice that opens it.
      CROSS JOIN LATERAL (SELECT CASE WHEN s.rights_notified_at <= e.at THEN s.asylum_claim_window_ends_at END AS asylum_claim_window_ends_at) w
       ${dates.map((date) => date.joins).join('\n       ')}
      WHERE e.at <= $1`,
    [context.now, RELEASE_REASONS, INTERPRETER_AGENCIES],
  );
  context.progress('notices', result.rowCount ?? 0);
  const tasks = await client.query(
    `INSERT INTO tasks (case_id, source, kind, params, due_at, assigned_to, done_at, created_by, created_at)
     SELECT s.case_id, 'interpreter', 'interpreter_notice', jsonb_build_object('noticeId', n.id, 'noticeType', n.type, 'language', n.language), n.created_at + interval '1 day',
            k.caseworker_id, n.handed_over_at, NULL, n.created_at
       FROM notices n JOIN stays s ON s.id = n.stay_id JOIN cases k ON k.id = s.case_id
      WHERE n.interpreter_needed`,
  );
  context.progress('interpreter tasks', tasks.rowCount ?? 0);
  const [counts] = (
    await client.query<NoticeCounts>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE n.interpreter_needed)::int AS "interpreterNeeded",
              count(*) FILTER (WHERE ch.interpreter_if_all_reviewed)::int AS "interpreterNeededIfAllReviewed"
         FROM notices n JOIN people p ON p.id = n.person_id JOIN seed_notice_choices ch ON ch.languages = p.languages AND ch.type = n.type
        WHERE n.audience = 'person'`,
    )
  ).rows;
  return counts;
}

/**
 * Property deposited at arrival against a receipt (a phone for most, cash for some), handed
 * back at check-out, except to people who left without a word.
 */
export async function depositProperty(client: pg.ClientBase, context: Context): Promise<void> {
  const result = await client.query(
    `WITH deposits AS (
       SELECT s.id AS stay_id, s.checked_in_at, s.checked_out_at, s.exit_reason, c.code, u.id AS staff_id,
              pg_temp.draw(s.id::text, 4) AS phone, pg_temp.draw(s.id::text, 5) AS cash, pg_temp.draw(s.id::text, 6) AS bag,
              nextval('property_receipt_seq') AS receipt
         FROM stays s JOIN centres c ON c.id = s.centre_id JOIN users u ON u.email = 'staff.' || lower(c.code) || '@scale.example'
        WHERE pg_temp.draw(s.id::text, 4) < 0.55 OR pg_temp.draw(s.id::text, 5) < 0.25 OR pg_temp.draw(s.id::text, 6) < 0.15
     )
     INSERT INTO property_items (stay_id, kind, description, quantity, amount_cents, currency, receipt_number, deposited_at, deposited_by, returned_at, returned_by)
     SELECT d.stay_id, item.kind, item.description, item.quantity, item.amount_cents, item.currency,
            d.code || '-' || lpad(d.receipt::text, 6, '0'), d.checked_in_at + interval '20 minutes', d.staff_id,
            CASE WHEN d.checked_out_at IS NOT NULL AND d.exit_reason <> 'absconded' THEN d.checked_out_at END,
            CASE WHEN d.checked_out_at IS NOT NULL AND d.exit_reason <> 'absconded' THEN d.staff_id END
       FROM deposits d
      CROSS JOIN LATERAL (
            SELECT 'item' AS kind, 'Téléphone portable' AS description, 1 AS quantity, NULL::bigint AS amount_cents, NULL AS currency WHERE d.phone < 0.55
            UNION ALL
            SELECT 'cash', 'Espèces', 1, (20 + floor(d.cash * 3000) * 10)::bigint * 10, CASE WHEN d.cash < 0.03 THEN 'GBP' ELSE 'EUR' END WHERE d.cash < 0.25
            UNION ALL
            SELECT 'item', 'Sac à dos et vêtements', 1, NULL, NULL WHERE d.bag < 0.15
            ) item
      WHERE d.checked_in_at + interval '20 minutes' <= $1`,
    [context.now],
  );
  context.progress('property items', result.rowCount ?? 0);
}
