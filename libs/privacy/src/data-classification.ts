import type { RetentionCategory } from '@escale/platform';

/**
 * What a column holds, in as few kinds as will do. Every column of every table has one; a test
 * compares this list with the migrated schema both ways.
 */
export const DATA_CLASSES = {
  identifier: 'names or numbers that single a person out: names, aliases, documents, printed notices',
  contact: 'where someone can be reached or went: destinations, email addresses, recipients',
  health: 'health and vulnerability: vulnerability types, welfare checks and levels, medical reports, age assessments',
  free_text: 'text staff write, which may say anything about a person: notes, reasons, titles, descriptions',
  quasi_identifier: 'facts that single a person out in combination: date of birth, sex, nationality, languages, the exact times of their records',
  statistic: 'codes, counts and amounts the reports are made of: statuses, exit reasons, kinds, money, snapshots',
  key: 'ids and foreign keys',
  system: "the system's own bookkeeping: versions, flags, hashes, settings, times of records about no one person",
} as const;
export type DataClass = keyof typeof DATA_CLASSES;

/** The classes erased when their period has passed. */
export const ERASED_CLASSES: readonly DataClass[] = ['identifier', 'contact', 'health', 'free_text'];

/**
 * How a quasi-identifier of an anonymised person is generalised:
 * - `day`: to the day in the centre's timezone; the part of the day left is only an order (microseconds), so records keep their sequence;
 * - `stay_start`, `stay_end`: a stay's check-in and check-out to their day, keeping the nights, the local days of arrival and departure and the bed's other stays apart (see `stayBounds`);
 * - `year_band`: a date to the first of January of its five-year band;
 * - `keep`: coarse enough as it is (four values of sex);
 * - an SQL expression of the row `t`.
 */
export type Generalisation = 'day' | 'stay_start' | 'stay_end' | 'year_band' | 'keep' | { sql: string };

export interface ColumnSpec {
  class: DataClass;
  /** What an erased value becomes (SQL of the row `t`); NULL unless the column cannot be empty. On a key: the link is cut. */
  to?: string;
  /** When it is erased; by default `health` for health and `identity` for the rest. */
  period?: RetentionCategory;
  /** For quasi-identifiers of the people retention handles. */
  generalise?: Generalisation;
}
export type Column = DataClass | ColumnSpec;

/**
 * How a table's row reaches the person it is about, in SQL where the row is `t`: `personId`,
 * after joining `from` on `where`; `timezone` is the zone of the row's centre (UTC when none).
 * `household` is a household, about all its members together.
 */
export interface Subject {
  personId: string;
  /** The condition that a row belongs to the people `{person}` (`= ANY($1)`, `= p.id`), when not `personId {person}`. */
  match?: string;
  from?: string;
  where?: string;
  timezone?: string;
}

export interface TableSpec {
  /** Whom the rows are about; null for tables about no one person (they stay out of people's retention). */
  subject: Subject | 'household' | null;
  /** The rows are a record about the person as a whole, deleted when this period has passed. */
  deleteAfter?: RetentionCategory;
  columns: Record<string, Column>;
}

const zoneOf = (centre: string) => `(SELECT z.timezone FROM centres z WHERE z.id = ${centre})`;
const viaStay: Subject = { personId: 's.person_id', from: 'stays s', where: 's.id = t.stay_id', timezone: zoneOf('s.centre_id') };
const viaCase: Subject = { personId: 'c.person_id', from: 'cases c', where: 'c.id = t.case_id', timezone: zoneOf('c.centre_id') };
const viaReferral: Subject = { personId: 'c.person_id', from: 'referrals r JOIN cases c ON c.id = r.case_id', where: 'r.id = t.referral_id', timezone: zoneOf('r.centre_id') };
const day: ColumnSpec = { class: 'quasi_identifier', generalise: 'day' };
/** A text column that cannot be NULL. */
const text = (cls: DataClass, period?: RetentionCategory): ColumnSpec => ({ class: cls, to: `''`, ...(period ? { period } : {}) });

/**
 * A stay's time on its current bed, generalised: to the last instant of its day, but never after
 * the stay's generalised check-out (the `stay_end` generalisation, written out), so it stays
 * inside the stay's bounds and no other stay of the bed overlaps it.
 */
const BED_SINCE_GENERALISED = (() => {
  const zone = zoneOf('t.centre_id');
  const dayOf = (value: string) => `date_trunc('day', ${value}, ${zone})`;
  const us = `interval '1 microsecond'`;
  const [start, end] = ['t.checked_in_at', 't.checked_out_at'];
  const endGeneralised = `CASE WHEN ${end} IS NULL OR ${end} = ${dayOf(end)} THEN ${end}
               WHEN (${end} <> ${dayOf(end)} AND ${dayOf(end)} = ${dayOf(start)}) THEN ${dayOf(start)} + ${us}
               ELSE least(${end}, ${dayOf(end)} + ${us}) END`;
  return `CASE WHEN t.bed_since IS NULL THEN NULL ELSE least(${endGeneralised}, greatest(t.bed_since, ${dayOf(`${dayOf('t.bed_since')} + interval '25 hours'`)} - ${us})) END`;
})();

/** Every table and column of the schema, by what it holds. */
export const DATA_CLASSIFICATION: Record<string, TableSpec> = {
  people: {
    subject: {
      personId: 't.id',
      timezone: `coalesce((SELECT z.timezone FROM person_centres pc JOIN centres z ON z.id = pc.centre_id WHERE pc.person_id = t.id ORDER BY pc.first_seen_at LIMIT 1), 'UTC')`,
    },
    columns: {
      id: 'key',
      family_name: { class: 'identifier', to: `'ANON-' || upper(left(replace(t.id::text, '-', ''), 8))` },
      given_names: text('identifier'),
      aliases: { class: 'identifier', to: `'{}'` },
      search_text: text('identifier'),
      search_skeleton: text('identifier'),
      date_of_birth: { class: 'quasi_identifier', generalise: 'year_band' },
      // Once the date is a band, it is an estimate.
      dob_estimated: { class: 'quasi_identifier', generalise: { sql: 'true' } },
      age_disputed: { class: 'health', to: 'false' },
      assessed_age: 'health',
      sex: { class: 'quasi_identifier', generalise: 'keep' },
      // The first nationality and language are the ones figures are made of; a second one singles a person out.
      nationalities: { class: 'quasi_identifier', generalise: { sql: 't.nationalities[1:1]' } },
      languages: { class: 'quasi_identifier', generalise: { sql: 't.languages[1:1]' } },
      interpreter_needed: 'system',
      created_at: day,
      version: 'system',
      legal_hold: 'system',
      legal_hold_reason: 'free_text',
      legal_hold_by: 'key',
      legal_hold_at: day,
      anonymised_at: 'system',
      merged_into: 'key',
    },
  },
  person_aliases: {
    subject: { personId: 't.person_id' },
    deleteAfter: 'identity',
    columns: { id: 'key', person_id: 'key', name: text('identifier'), source: 'system', recorded_by: 'key', created_at: day },
  },
  person_identifiers: {
    subject: { personId: 't.person_id' },
    deleteAfter: 'identity',
    columns: {
      id: 'key',
      person_id: 'key',
      kind: 'statistic',
      value: text('identifier'),
      normalised: text('identifier'),
      issuing_country: { class: 'quasi_identifier', generalise: 'keep' },
      recorded_by: 'key',
      created_at: day,
    },
  },
  // The values a correction changed: names and dates of birth among them.
  person_changes: {
    subject: { personId: 't.person_id' },
    deleteAfter: 'identity',
    columns: { id: 'key', person_id: 'key', action: 'system', audit_event_id: 'key', changes: { class: 'identifier', to: `'{}'` }, changed_by: 'key', at: day },
  },
  person_centres: {
    subject: { personId: 't.person_id', timezone: zoneOf('t.centre_id') },
    columns: { person_id: 'key', centre_id: 'key', first_seen_at: day },
  },
  households: {
    subject: 'household',
    columns: { id: 'key', label: 'identifier', created_by: 'key', created_at: day },
  },
  stays: {
    subject: { personId: 't.person_id', timezone: zoneOf('t.centre_id') },
    columns: {
      id: 'key',
      person_id: 'key',
      centre_id: 'key',
      unit_id: 'key',
      bed_id: 'key',
      case_id: 'key',
      household_id: 'key',
      interception_id: 'key',
      checked_in_at: { class: 'quasi_identifier', generalise: 'stay_start' },
      checked_out_at: { class: 'quasi_identifier', generalise: 'stay_end' },
      exit_reason: 'statistic',
      destination: 'contact',
      legal_limit_at: day,
      authorised_until: day,
      age_assessment_required: { class: 'health', to: 'false' },
      welfare_level: { class: 'health', to: `'standard'` },
      // When the next check fell due tells the welfare level; a closed stay's becomes the day of its check-out.
      next_welfare_check_due: { class: 'health', to: `coalesce(date_trunc('day', t.checked_out_at, ${zoneOf('t.centre_id')}), t.next_welfare_check_due)` },
      transferred_from_id: 'key',
      checked_in_by: 'key',
      checked_out_by: 'key',
      created_at: day,
      version: 'system',
      asylum_claim_window_ends_at: day,
      rights_notified_at: day,
      check_out_recorded_at: day,
      // Within the stay's own generalised bounds, so the bed's other stays stay apart (see stayBounds).
      bed_since: { class: 'quasi_identifier', generalise: { sql: BED_SINCE_GENERALISED } },
    },
  },
  waiting_list: {
    subject: { personId: 't.person_id', timezone: zoneOf('t.centre_id') },
    columns: {
      id: 'key',
      centre_id: 'key',
      person_id: 'key',
      interception_id: 'key',
      household_id: 'key',
      arrived_at: day,
      recorded_by: 'key',
      closed_at: day,
      close_reason: 'statistic',
      to_centre_id: 'key',
      stay_id: 'key',
      closed_by: 'key',
    },
  },
  arrival_refs: {
    // The refs are the roster's own labels (p1, h1), not names; the rows go with the interception.
    subject: null,
    columns: { interception_id: 'key', kind: 'system', ref: 'system', entity_id: 'key', centre_id: 'key', status: 'statistic', stay_id: 'key', waiting_id: 'key', recorded_at: 'system' },
  },
  bed_moves: {
    subject: viaStay,
    columns: { id: 'key', stay_id: 'key', from_bed_id: 'key', from_unit_id: 'key', to_bed_id: 'key', to_unit_id: 'key', on_from_bed_since: day, moved_at: day, moved_by: 'key', created_at: day },
  },
  property_items: {
    subject: viaStay,
    columns: {
      id: 'key',
      stay_id: 'key',
      kind: 'statistic',
      description: text('free_text'),
      quantity: 'statistic',
      amount_cents: 'statistic',
      currency: 'statistic',
      receipt_number: 'system',
      deposited_at: day,
      deposited_by: 'key',
      returned_at: day,
      returned_by: 'key',
      return_id: 'key',
    },
  },
  property_transfers: {
    subject: { personId: 's.person_id', from: 'stays s', where: 's.id = t.from_stay_id', timezone: zoneOf('s.centre_id') },
    columns: { id: 'key', from_stay_id: 'key', to_stay_id: 'key', receipt_number: 'system', handed_over_at: day, handed_over_by: 'key', created_at: day },
  },
  property_transfer_items: {
    // Links only: the items and transfers carry what is said.
    subject: null,
    columns: { transfer_id: 'key', item_id: 'key' },
  },
  property_returns: {
    subject: viaStay,
    columns: {
      id: 'key',
      stay_id: 'key',
      receipt_number: 'system',
      returned_at: day,
      returned_by: 'key',
      signed_by: 'statistic',
      // A representative's signature stays recorded as given, without the name.
      representative_name: { class: 'identifier', to: `CASE WHEN t.signed_by = 'representative' THEN '' END` },
      created_at: day,
    },
  },
  stay_extensions: {
    subject: viaStay,
    columns: {
      id: 'key',
      stay_id: 'key',
      sequence_index: 'system',
      decided_at: day,
      days: 'statistic',
      decided_by: text('free_text'),
      previous_authorised_until: day,
      authorised_until: day,
      recorded_by: 'key',
      created_at: day,
    },
  },
  extension_refusals: {
    subject: viaStay,
    columns: { id: 'key', stay_id: 'key', decided_at: day, decided_by: text('free_text'), released_at: day, recorded_by: 'key', created_at: day },
  },
  // The legal record: hearings and orders to leave France are about the person through their stay; the courts' names are free text, as an extension's decided_by is.
  hearings: {
    subject: viaStay,
    columns: {
      id: 'key',
      stay_id: 'key',
      scheduled_at: day,
      court: text('free_text'),
      purpose: 'statistic',
      outcome: 'statistic',
      decided_at: day,
      extension_id: 'key',
      extension_refusal_id: 'key',
      adjourned_from_id: 'key',
      scheduled_by: 'key',
      outcome_recorded_by: 'key',
      outcome_recorded_at: day,
      created_at: day,
    },
  },
  removal_orders: {
    subject: viaStay,
    columns: {
      id: 'key',
      stay_id: 'key',
      kind: 'statistic',
      issued_by: 'free_text',
      notified_at: day,
      appeal_deadline_at: day,
      appeal_lodged_at: day,
      appeal_court: 'free_text',
      appeal_recorded_by: 'key',
      decided_at: day,
      decision: 'statistic',
      decision_recorded_by: 'key',
      recorded_by: 'key',
      created_at: day,
    },
  },
  // Who the person relies on for legal access (a lawyer, an association, their consulate): the whole record goes with their identity.
  legal_contacts: {
    subject: { personId: 't.person_id' },
    deleteAfter: 'identity',
    columns: {
      id: 'key',
      person_id: 'key',
      kind: 'statistic',
      name: text('identifier'),
      organisation: 'identifier',
      phone: 'contact',
      email: 'contact',
      notes: 'free_text',
      recorded_at: day,
      recorded_by: 'key',
      ended_at: day,
      ended_by: 'key',
      end_reason: 'free_text',
      created_at: day,
    },
  },
  vulnerabilities: {
    subject: { personId: 't.person_id' },
    deleteAfter: 'health',
    columns: { id: 'key', person_id: 'key', stay_id: 'key', type: 'health', notes: 'health', recorded_at: day, recorded_by: 'key', created_at: day },
  },
  welfare_checks: {
    subject: viaStay,
    deleteAfter: 'health',
    columns: { id: 'key', stay_id: 'key', outcome: 'health', notes: 'health', performed_at: day, recorded_by: 'key', created_at: day },
  },
  welfare_level_changes: {
    subject: viaStay,
    deleteAfter: 'health',
    columns: { id: 'key', stay_id: 'key', from_level: 'health', to_level: 'health', reason: 'health', vulnerability_type: 'health', at: day, by_user_id: 'key' },
  },
  medical_reports: {
    subject: viaStay,
    deleteAfter: 'health',
    columns: {
      id: 'key',
      stay_id: 'key',
      kind: 'health',
      sent_to: 'contact',
      sent_at: day,
      reply_due_at: day,
      replied_at: day,
      reply_summary: 'health',
      recorded_by: 'key',
      created_at: day,
    },
  },
  age_assessments: {
    subject: { personId: 't.person_id' },
    deleteAfter: 'health',
    columns: { id: 'key', person_id: 'key', status: 'health', outcome: 'health', updated_at: day, updated_by: 'key', created_at: day },
  },
  // An alert is the centre's record of how fast it answered; cut from the stay, it is about no one.
  alerts: {
    subject: viaStay,
    columns: {
      id: 'key',
      centre_id: 'key',
      stay_id: { class: 'key', to: 'NULL', period: 'health' },
      kind: 'statistic',
      severity: 'statistic',
      episode_key: 'system',
      due_at: 'system',
      raised_at: 'system',
      acknowledged_at: 'system',
      acknowledged_by: 'key',
      resolved_at: 'system',
    },
  },
  alert_escalations: {
    subject: null,
    columns: { id: 'key', alert_id: 'key', round: 'statistic', escalated_at: 'system', recipients: 'statistic' },
  },
  cases: {
    subject: { personId: 't.person_id', timezone: zoneOf('t.centre_id') },
    columns: {
      id: 'key',
      person_id: 'key',
      centre_id: 'key',
      status: 'statistic',
      caseworker_id: 'key',
      opened_at: day,
      closed_at: day,
      created_at: day,
      version: 'system',
    },
  },
  case_status_changes: {
    subject: viaCase,
    columns: { id: 'key', case_id: 'key', from_status: 'statistic', to_status: 'statistic', at: day, by_user_id: 'key', note: 'free_text', note_kind: 'statistic', recorded_at: day },
  },
  case_notes: {
    subject: viaCase,
    deleteAfter: 'identity',
    columns: { id: 'key', case_id: 'key', text: 'free_text', at: day, by_user_id: 'key' },
  },
  // What a task was for (a vulnerability, an age assessment, a welfare concern) is a health fact:
  // its source and kind say it, and its params are codes (a vulnerability type) and ids.
  tasks: {
    subject: viaCase,
    deleteAfter: 'health',
    columns: {
      id: 'key',
      case_id: 'key',
      source: 'health',
      kind: 'health',
      params: 'health',
      title: 'free_text',
      due_at: day,
      assigned_to: 'key',
      done_at: day,
      created_by: 'key',
      created_at: day,
    },
  },
  referrals: {
    subject: { personId: 'c.person_id', from: 'cases c', where: 'c.id = t.case_id', timezone: zoneOf('t.centre_id') },
    columns: {
      id: 'key',
      case_id: 'key',
      centre_id: 'key',
      kind: 'statistic',
      status: 'statistic',
      accelerated: 'statistic',
      next_deadline_at: day,
      next_deadline_kind: 'statistic',
      version: 'system',
      created_at: day,
      dublin_basis: 'statistic',
      absconded_at: day,
      transfer_appeal_lodged_at: day,
      transfer_appeal_decided_at: day,
      transfer_appeal_outcome: 'statistic',
      guda_appointment_at: day,
      ofpra_interview_at: day,
      cnda_hearing_at: day,
    },
  },
  referral_transitions: {
    subject: viaReferral,
    columns: {
      id: 'key',
      referral_id: 'key',
      from_status: 'statistic',
      to_status: 'statistic',
      at: day,
      recorded_at: day,
      by_user_id: 'key',
      note: 'free_text',
      decision: 'statistic',
      implicit: 'statistic',
    },
  },
  referral_documents: {
    subject: viaReferral,
    deleteAfter: 'documents',
    columns: {
      id: 'key',
      referral_id: 'key',
      file_name: 'identifier',
      content_type: 'system',
      size_bytes: 'system',
      sha256: 'identifier',
      content: 'identifier',
      uploaded_by: 'key',
      created_at: day,
    },
  },
  notices: {
    // A staff notice about a stay is about its person too.
    subject: {
      personId: 'coalesce(t.person_id, (SELECT q.person_id FROM stays q WHERE q.id = t.stay_id))',
      match: '(t.person_id {person} OR t.stay_id IN (SELECT q.id FROM stays q WHERE q.person_id {person}))',
      timezone: `coalesce(${zoneOf('t.centre_id')}, 'UTC')`,
    },
    columns: {
      id: 'key',
      type: 'statistic',
      audience: 'statistic',
      person_id: 'key',
      user_id: 'key',
      centre_id: 'key',
      stay_id: 'key',
      language: { class: 'quasi_identifier', generalise: 'keep' },
      interpreter_needed: 'system',
      status: 'statistic',
      subject: { class: 'free_text', period: 'notices' },
      html: { class: 'identifier', period: 'notices' },
      dedupe_key: 'system',
      created_at: day,
      rendered_at: day,
      handed_over_at: day,
      handed_over_by: 'key',
      interpreter_used: 'system',
      translation_reviewed: 'system',
      language_choice: 'system',
      handed_over_language: { class: 'quasi_identifier', generalise: 'keep' },
      interpreter_mode: 'statistic',
      // The interpreter's name or agency: not about the person, but typed by staff.
      interpreter_name: { class: 'free_text', period: 'notices' },
      interpreter_language: { class: 'quasi_identifier', generalise: 'keep' },
      sent_at: day,
      last_error: 'system',
    },
  },
  notice_deliveries: {
    subject: {
      personId: 'coalesce(n.person_id, (SELECT q.person_id FROM stays q WHERE q.id = n.stay_id))',
      match: '(n.person_id {person} OR n.stay_id IN (SELECT q.id FROM stays q WHERE q.person_id {person}))',
      from: 'notices n',
      where: 'n.id = t.notice_id',
    },
    columns: { id: 'key', notice_id: 'key', channel: 'statistic', recipient: text('contact', 'notices'), claimed_at: day, delivered_at: day },
  },

  // About no one person: the groups intercepted, the centres, staff, money, figures and the system itself.
  interceptions: {
    subject: null,
    columns: { id: 'key', occurred_at: 'quasi_identifier', location: 'quasi_identifier', agency: 'statistic', group_size: 'statistic', recorded_by: 'key', created_at: 'system' },
  },
  centres: {
    subject: null,
    columns: {
      id: 'key',
      code: 'system',
      name: 'system',
      kind: 'statistic',
      max_stay_days: 'system',
      initial_authorisation_days: 'system',
      timezone: 'system',
      created_at: 'system',
      welfare_standard_minutes: 'system',
      welfare_heightened_minutes: 'system',
      welfare_constant_minutes: 'system',
      first_welfare_check_minutes: 'system',
    },
  },
  centre_setting_changes: { subject: null, columns: { id: 'key', centre_id: 'key', audit_event_id: 'key', changes: 'system', changed_by: 'key', at: 'system' } },
  centre_duty_contacts: { subject: null, columns: { centre_id: 'key', user_id: 'key', set_by: 'key', created_at: 'system' } },
  units: { subject: null, columns: { id: 'key', centre_id: 'key', name: 'system', housing: 'statistic' } },
  beds: { subject: null, columns: { id: 'key', unit_id: 'key', centre_id: 'key', label: 'system', position: 'system', in_service: 'statistic', occupied: 'system', out_of_service_reason: 'statistic', out_of_service_note: 'system', expected_back_on: 'system' } },
  users: {
    subject: null,
    columns: {
      id: 'key',
      email: 'contact',
      name: 'identifier',
      role: 'system',
      password_hash: 'system',
      centre_ids: 'key',
      locale: 'system',
      disabled_at: 'system',
      last_sign_in_at: 'system',
      created_at: 'system',
      updated_at: 'system',
      version: 'system',
      totp_secret: 'system',
      totp_enabled_at: 'system',
      totp_last_step: 'system',
      recovery_code_hashes: 'system',
    },
  },
  notice_languages: {
    subject: null,
    columns: { code: 'key', name: 'system', dir: 'system', script: 'system', types: 'system', templates_hash: 'system', source: 'system', synced_at: 'system' },
  },
  notice_language_reviews: {
    subject: null,
    columns: { id: 'key', language: 'key', reviewer_name: 'identifier', organisation: 'system', reviewed_on: 'system', templates_hash: 'system', recorded_by: 'key', recorded_at: 'system' },
  },
  api_tokens: { subject: null, columns: { id: 'key', user_id: 'key', token_hash: 'system', created_at: 'system', expires_at: 'system', revoked_at: 'system', second_factor: 'system' } },
  sessions: { subject: null, columns: { sid: 'key', sess: 'system', expire: 'system' } },
  calendar_feeds: { subject: null, columns: { id: 'key', user_id: 'key', token_hash: 'system', issued_at: 'system' } },
  inbox_messages: {
    subject: null,
    columns: { id: 'key', user_id: 'key', kind: 'system', params: 'contact', dedupe_key: 'system', created_at: 'system', read_at: 'system' },
  },
  // The audit trail holds who did what to which id, never a value; it has its own retention.
  audit_events: {
    subject: null,
    columns: {
      id: 'key',
      at: 'system',
      actor_id: 'key',
      action: 'system',
      entity_type: 'system',
      entity_id: 'key',
      centre_id: 'key',
      outcome: 'system',
      origin: 'system',
      request_id: 'system',
      subject_ids: 'key',
    },
  },
  audit_chain: { subject: null, columns: { seq: 'system', event_id: 'key', hash: 'system' } },
  audit_checkpoints: { subject: null, columns: { seq: 'system', hash: 'system', removed: 'system', kept_months: 'system', removed_before: 'system', created_at: 'system' } },
  audit_pending: { subject: null, columns: { position: 'system', event_id: 'key' } },
  outbox_messages: {
    subject: null,
    columns: {
      id: 'key',
      queue: 'system',
      job_name: 'system',
      payload: 'key',
      created_at: 'system',
      available_at: 'system',
      enqueued_at: 'system',
      completed_at: 'system',
      attempts: 'system',
      last_error: 'system',
      failed_at: 'system',
    },
  },
  funding_sources: { subject: null, columns: { code: 'key', name: 'system', created_at: 'system' } },
  budgets: {
    subject: null,
    columns: { id: 'key', centre_id: 'key', year: 'statistic', funding_source: 'key', amount_cents: 'statistic', currency: 'statistic', updated_by: 'key', updated_at: 'system' },
  },
  spend_entries: {
    subject: null,
    columns: {
      id: 'key',
      centre_id: 'key',
      spent_on: 'statistic',
      category: 'statistic',
      funding_source: 'key',
      amount_cents: 'statistic',
      currency: 'statistic',
      description: 'free_text',
      import_id: 'key',
      created_by: 'key',
      created_at: 'system',
    },
  },
  occupancy_snapshots: {
    subject: null,
    columns: { centre_id: 'key', day: 'statistic', capacity: 'statistic', occupied_bed_nights: 'statistic', admissions: 'statistic', discharges: 'statistic', taken_at: 'system' },
  },
  outcome_snapshots: {
    subject: null,
    columns: { centre_id: 'key', month: 'statistic', measure: 'statistic', value: 'statistic', histogram: 'statistic', taken_at: 'system' },
  },
  // Summaries kept by triggers: a centre's month of snapshots; each stay's local days (generalised
  // stays keep their days) and the last day of its person's earlier stays, counted per day; notices
  // handed over per centre, month and language.
  occupancy_months: {
    subject: null,
    columns: { centre_id: 'key', month: 'statistic', nights: 'statistic', capacity_bed_nights: 'statistic', occupied_bed_nights: 'statistic', admissions: 'statistic', discharges: 'statistic' },
  },
  stay_visits: {
    subject: null,
    columns: { stay_id: 'key', centre_id: 'key', in_day: 'statistic', end_day: 'statistic', prev_centre_day: 'statistic', prev_any_day: 'statistic' },
  },
  people_served_days: {
    subject: null,
    columns: { scope: 'key', in_day: 'statistic', previous_day: 'statistic', stays: 'statistic' },
  },
  interpreter_use_months: {
    subject: null,
    columns: { centre_id: 'key', month: 'statistic', language: 'statistic', handed_over: 'statistic', with_interpreter: 'statistic', by_phone: 'statistic', unreviewed: 'statistic' },
  },
  audit_anchors: {
    subject: null,
    columns: { id: 'key', seq: 'system', hash: 'system', anchored_at: 'system', signature: 'system', recorded_at: 'system' },
  },
  published_tables: {
    subject: null,
    columns: { month: 'statistic', centre_ids: 'key', cells: 'statistic', hidden: 'statistic', lengths: 'statistic', published_at: 'system' },
  },
  retention_runs: {
    subject: null,
    columns: { id: 'key', started_at: 'system', finished_at: 'system', status: 'system', periods: 'system', counts: 'statistic', details: 'statistic', people: 'statistic' },
  },
  schema_migrations: { subject: null, columns: { id: 'key', timestamp: 'system', name: 'system' } },
};

export function specOf(column: Column): ColumnSpec {
  return typeof column === 'string' ? { class: column } : column;
}

/** When a column's erasure falls due: its own period, else health for health, identity for the rest. */
export function periodOf(spec: ColumnSpec): RetentionCategory {
  return spec.period ?? (spec.class === 'health' ? 'health' : 'identity');
}

/** Whether retention erases the column (a personal class, or a link it cuts). */
export function isErased(spec: ColumnSpec): boolean {
  return ERASED_CLASSES.includes(spec.class) || (spec.class === 'key' && spec.to !== undefined);
}
