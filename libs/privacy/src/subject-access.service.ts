import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type CaseNoteKind, statusChangeNote, type Task, type TaskKind, type TaskParams, taskTitle } from '@escale/cases';
import { type Actor, Clock, Forbidden, NotFound } from '@escale/platform';
import { nameSkeleton, normaliseName } from '@escale/people';
import { levelChangeReason, type VulnerabilityType } from '@escale/welfare';
import { DataSource, type EntityManager } from 'typeorm';
import { type LegalRecordExport, legalRecordOf } from './subject-access-legal.js';

/** Audit events beyond this many are counted, not listed; the audit log pages through the rest. */
export const EXPORT_AUDIT_LIMIT = 10_000;

type Row = Record<string, unknown>;

const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : value === null || value === undefined ? null : String(value));

export interface SubjectAccessExport {
  format: 'escale-subject-access/1';
  exportedAt: string;
  person: {
    id: string;
    familyName: string;
    givenNames: string;
    aliases: string[];
    dateOfBirth: string;
    dobEstimated: boolean;
    ageDisputed: boolean;
    sex: string;
    nationalities: string[];
    languages: string[];
    interpreterNeeded: boolean;
    createdAt: string;
    anonymisedAt: string | null;
    legalHold: { hold: boolean; reason: string | null; by: string | null; at: string | null };
  };
  centres: { id: string; code: string; name: string; firstSeenAt: string }[];
  households: { id: string; label: string | null; createdAt: string }[];
  interceptions: { id: string; occurredAt: string; location: string; agency: string; groupSize: number }[];
  stays: {
    id: string;
    centreId: string;
    centreName: string;
    unitName: string;
    bedLabel: string;
    caseId: string;
    householdId: string | null;
    interceptionId: string | null;
    checkedInAt: string;
    checkedOutAt: string | null;
    exitReason: string | null;
    destination: string | null;
    legalLimitAt: string;
    authorisedUntil: string | null;
    asylumClaimWindowEndsAt: string | null;
    ageAssessmentRequired: boolean;
    welfareLevel: string;
    transferredFromId: string | null;
  }[];
  /** Hearings, orders to leave France and their appeals, lawyers and consular contacts. */
  legalRecord: LegalRecordExport;
  extensions: { id: string; stayId: string; sequenceIndex: number; decidedAt: string; days: number; decidedBy: string; previousAuthorisedUntil: string; authorisedUntil: string }[];
  property: { id: string; stayId: string; kind: string; description: string; quantity: number; amountCents: number | null; currency: string | null; receiptNumber: string; depositedAt: string; returnedAt: string | null }[];
  welfareChecks: { id: string; stayId: string; outcome: string; notes: string | null; performedAt: string }[];
  /** `reason` in French when a vulnerability raised the level (`vulnerabilityType`). */
  welfareLevels: { id: string; stayId: string; fromLevel: string; toLevel: string; reason: string | null; vulnerabilityType: string | null; at: string }[];
  medicalReports: { id: string; stayId: string; kind: string; sentTo: string; sentAt: string; replyDueAt: string; repliedAt: string | null; replySummary: string | null }[];
  vulnerabilities: { id: string; stayId: string | null; type: string; notes: string | null; recordedAt: string }[];
  ageAssessments: { id: string; status: string; outcome: string | null; updatedAt: string }[];
  cases: {
    id: string;
    centreId: string;
    status: string;
    openedAt: string;
    closedAt: string | null;
    caseworkerId: string | null;
    /** A note the system wrote is in French, with its `noteKind`. */
    history: { from: string | null; to: string; at: string; by: string | null; note: string | null; noteKind: CaseNoteKind | null }[];
    notes: { id: string; text: string; at: string; by: string | null }[];
    /** The title in French, the export's language; kind and params are what is stored. */
    tasks: { id: string; source: string; kind: TaskKind; params: TaskParams; title: string; dueAt: string; doneAt: string | null }[];
  }[];
  referrals: {
    id: string;
    caseId: string;
    kind: string;
    status: string;
    accelerated: boolean;
    nextDeadlineAt: string | null;
    nextDeadlineKind: string | null;
    createdAt: string;
    history: { from: string | null; to: string; at: string; by: string | null; note: string | null }[];
    /** What is known of each document; its content is downloaded separately, and that download is audited. */
    documents: { id: string; fileName: string; contentType: string; sizeBytes: number; sha256: string; uploadedAt: string }[];
  }[];
  notices: { id: string; type: string; stayId: string | null; language: string; status: string; subject: string | null; html: string | null; createdAt: string; renderedAt: string | null; handedOverAt: string | null; interpreterUsed: boolean | null }[];
  alerts: { id: string; stayId: string | null; kind: string; severity: string; dueAt: string | null; raisedAt: string; acknowledgedAt: string | null; resolvedAt: string | null }[];
  /** Who read or changed the person's records: the person, their stays, cases, referrals and documents. */
  auditEvents: { total: number; items: { at: string; action: string; entityType: string; entityId: string | null; actorId: string | null; actorRole: string | null; outcome: string }[] };
}

export interface PersonMatch {
  id: string;
  familyName: string;
  givenNames: string;
  dateOfBirth: string;
  anonymised: boolean;
  legalHold: boolean;
}

/**
 * Subject access (GDPR article 15): everything Escale holds about one person, for an
 * administrator to give them. Like retention, it reads the tables of several contexts, in one
 * read-only repeatable-read transaction so the export is one consistent picture; each export is
 * audited.
 */
@Injectable()
export class SubjectAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async exportPerson(actor: Actor, personId: string): Promise<SubjectAccessExport> {
    if (actor.role !== 'admin') throw new Forbidden();
    const [known] = await this.dataSource.query<Row[]>(`SELECT 1 FROM people WHERE id = $1`, [personId]);
    if (!known) throw new NotFound('person');
    // Audited first, in a transaction of its own: the audit chain links each event to the one
    // committed before it, which a repeatable-read snapshot would not see.
    await this.dataSource.transaction((manager) => this.audit.record(manager, auditEntry(actor, 'person.export', 'person', personId)));
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      const [person] = await manager.query<Row[]>(
        `SELECT id, family_name, given_names, aliases, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, dob_estimated, age_disputed, sex,
                nationalities, languages, interpreter_needed, created_at, anonymised_at, legal_hold, legal_hold_reason, legal_hold_by, legal_hold_at
           FROM people WHERE id = $1`,
        [personId],
      );
      if (!person) throw new NotFound('person');
      return this.gather(manager, person);
    });
  }

  private async gather(manager: EntityManager, person: Row): Promise<SubjectAccessExport> {
    const id = person.id as string;
    // One query per table, in turn (a transaction's connection runs them one at a time anyway).
    const centres = await manager.query<Row[]>(
      `SELECT c.id, c.code, c.name, pc.first_seen_at FROM person_centres pc JOIN centres c ON c.id = pc.centre_id WHERE pc.person_id = $1 ORDER BY pc.first_seen_at`,
      [id],
    );
    const stays = await manager.query<Row[]>(
      `SELECT s.*, c.name AS centre_name, u.name AS unit_name, b.label AS bed_label
         FROM stays s JOIN centres c ON c.id = s.centre_id JOIN units u ON u.id = s.unit_id JOIN beds b ON b.id = s.bed_id
        WHERE s.person_id = $1 ORDER BY s.checked_in_at`,
      [id],
    );
    const stayIds = stays.map((stay) => stay.id as string);
    const households = await manager.query<Row[]>(
      `SELECT id, label, created_at FROM households WHERE id IN (SELECT household_id FROM stays WHERE person_id = $1) ORDER BY created_at`,
      [id],
    );
    const interceptions = await manager.query<Row[]>(
      `SELECT id, occurred_at, location, agency, group_size FROM interceptions WHERE id IN (SELECT interception_id FROM stays WHERE person_id = $1) ORDER BY occurred_at`,
      [id],
    );
    const extensions = await manager.query<Row[]>(`SELECT * FROM stay_extensions WHERE stay_id = ANY($1) ORDER BY sequence_index, decided_at`, [stayIds]);
    const legalRecord = await legalRecordOf(manager, id, stayIds);
    const property = await manager.query<Row[]>(`SELECT *, amount_cents::text AS amount FROM property_items WHERE stay_id = ANY($1) ORDER BY deposited_at, receipt_number, id`, [stayIds]);
    const checks = await manager.query<Row[]>(`SELECT id, stay_id, outcome, notes, performed_at FROM welfare_checks WHERE stay_id = ANY($1) ORDER BY performed_at, id`, [stayIds]);
    const levels = await manager.query<Row[]>(`SELECT * FROM welfare_level_changes WHERE stay_id = ANY($1) ORDER BY at, id`, [stayIds]);
    const reports = await manager.query<Row[]>(`SELECT * FROM medical_reports WHERE stay_id = ANY($1) ORDER BY sent_at, id`, [stayIds]);
    const vulnerabilities = await manager.query<Row[]>(`SELECT * FROM vulnerabilities WHERE person_id = $1 ORDER BY recorded_at, id`, [id]);
    const assessments = await manager.query<Row[]>(`SELECT * FROM age_assessments WHERE person_id = $1 ORDER BY updated_at, id`, [id]);
    const cases = await manager.query<Row[]>(`SELECT * FROM cases WHERE person_id = $1 ORDER BY opened_at, id`, [id]);
    const caseIds = cases.map((row) => row.id as string);
    const history = await manager.query<Row[]>(`SELECT * FROM case_status_changes WHERE case_id = ANY($1) ORDER BY at, recorded_at, id`, [caseIds]);
    const notes = await manager.query<Row[]>(`SELECT * FROM case_notes WHERE case_id = ANY($1) ORDER BY at, id`, [caseIds]);
    const tasks = await manager.query<Row[]>(`SELECT * FROM tasks WHERE case_id = ANY($1) ORDER BY due_at, id`, [caseIds]);
    const referrals = await manager.query<Row[]>(`SELECT * FROM referrals WHERE case_id = ANY($1) ORDER BY created_at, id`, [caseIds]);
    const referralIds = referrals.map((row) => row.id as string);
    const transitions = await manager.query<Row[]>(`SELECT * FROM referral_transitions WHERE referral_id = ANY($1) ORDER BY at, recorded_at, id`, [referralIds]);
    // The documents' metadata only: never their content.
    const documents = await manager.query<Row[]>(
      `SELECT id, referral_id, file_name, content_type, size_bytes, sha256, created_at FROM referral_documents WHERE referral_id = ANY($1) ORDER BY created_at, id`,
      [referralIds],
    );
    const notices = await manager.query<Row[]>(
      `SELECT id, type, stay_id, language, status, subject, html, created_at, rendered_at, handed_over_at, interpreter_used
         FROM notices WHERE person_id = $1 ORDER BY created_at, id`,
      [id],
    );
    const alerts = await manager.query<Row[]>(`SELECT * FROM alerts WHERE stay_id = ANY($1) ORDER BY raised_at, id`, [stayIds]);
    const entityIds = [id, ...stayIds, ...caseIds, ...referralIds, ...documents.map((row) => row.id as string)];
    const [{ total }] = await manager.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM audit_events WHERE entity_id = ANY($1) OR subject_ids && $1::uuid[]`, [entityIds]);
    const events = await manager.query<Row[]>(
      `SELECT e.at, e.action, e.entity_type, e.entity_id, e.actor_id, u.role AS actor_role, e.outcome
         FROM audit_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.entity_id = ANY($1) OR e.subject_ids && $1::uuid[] ORDER BY e.at, e.id LIMIT $2`,
      [entityIds, EXPORT_AUDIT_LIMIT],
    );

    const byKey = <T>(rows: Row[], key: string, map: (row: Row) => T) => {
      const grouped = new Map<string, T[]>();
      for (const row of rows) grouped.set(row[key] as string, [...(grouped.get(row[key] as string) ?? []), map(row)]);
      return (value: string) => grouped.get(value) ?? [];
    };
    const historyOf = byKey(history, 'case_id', (row) => {
      const note = { note: row.note as string | null, noteKind: row.note_kind as CaseNoteKind | null };
      return { from: row.from_status as string | null, to: row.to_status as string, at: iso(row.at)!, by: row.by_user_id as string | null, note: statusChangeNote(note, 'fr'), noteKind: note.noteKind };
    });
    const notesOf = byKey(notes, 'case_id', (row) => ({ id: row.id as string, text: row.text as string, at: iso(row.at)!, by: row.by_user_id as string | null }));
    const tasksOf = byKey(tasks, 'case_id', (row) => {
      const task = { kind: row.kind as TaskKind, params: row.params as TaskParams, title: row.title as string | null } satisfies Pick<Task, 'kind' | 'params' | 'title'>;
      return { id: row.id as string, source: row.source as string, ...task, title: taskTitle(task, 'fr'), dueAt: iso(row.due_at)!, doneAt: iso(row.done_at) };
    });
    const transitionsOf = byKey(transitions, 'referral_id', (row) => ({ from: row.from_status as string | null, to: row.to_status as string, at: iso(row.at)!, by: row.by_user_id as string | null, note: row.note as string | null }));
    const documentsOf = byKey(documents, 'referral_id', (row) => ({
      id: row.id as string,
      fileName: row.file_name as string,
      contentType: row.content_type as string,
      sizeBytes: row.size_bytes as number,
      sha256: row.sha256 as string,
      uploadedAt: iso(row.created_at)!,
    }));

    return {
      format: 'escale-subject-access/1',
      exportedAt: this.clock.now().toISOString(),
      person: {
        id,
        familyName: person.family_name as string,
        givenNames: person.given_names as string,
        aliases: person.aliases as string[],
        dateOfBirth: person.date_of_birth as string,
        dobEstimated: person.dob_estimated as boolean,
        ageDisputed: person.age_disputed as boolean,
        sex: person.sex as string,
        nationalities: (person.nationalities as string[]).map((code) => code.trim()),
        languages: person.languages as string[],
        interpreterNeeded: person.interpreter_needed as boolean,
        createdAt: iso(person.created_at)!,
        anonymisedAt: iso(person.anonymised_at),
        legalHold: { hold: person.legal_hold as boolean, reason: person.legal_hold_reason as string | null, by: person.legal_hold_by as string | null, at: iso(person.legal_hold_at) },
      },
      centres: centres.map((row) => ({ id: row.id as string, code: row.code as string, name: row.name as string, firstSeenAt: iso(row.first_seen_at)! })),
      households: households.map((row) => ({ id: row.id as string, label: row.label as string | null, createdAt: iso(row.created_at)! })),
      interceptions: interceptions.map((row) => ({ id: row.id as string, occurredAt: iso(row.occurred_at)!, location: row.location as string, agency: row.agency as string, groupSize: row.group_size as number })),
      stays: stays.map((row) => ({
        id: row.id as string,
        centreId: row.centre_id as string,
        centreName: row.centre_name as string,
        unitName: row.unit_name as string,
        bedLabel: row.bed_label as string,
        caseId: row.case_id as string,
        householdId: row.household_id as string | null,
        interceptionId: row.interception_id as string | null,
        checkedInAt: iso(row.checked_in_at)!,
        checkedOutAt: iso(row.checked_out_at),
        exitReason: row.exit_reason as string | null,
        destination: row.destination as string | null,
        legalLimitAt: iso(row.legal_limit_at)!,
        authorisedUntil: iso(row.authorised_until),
        asylumClaimWindowEndsAt: iso(row.asylum_claim_window_ends_at),
        ageAssessmentRequired: row.age_assessment_required as boolean,
        welfareLevel: row.welfare_level as string,
        transferredFromId: row.transferred_from_id as string | null,
      })),
      legalRecord,
      extensions: extensions.map((row) => ({
        id: row.id as string,
        stayId: row.stay_id as string,
        sequenceIndex: row.sequence_index as number,
        decidedAt: iso(row.decided_at)!,
        days: row.days as number,
        decidedBy: row.decided_by as string,
        previousAuthorisedUntil: iso(row.previous_authorised_until)!,
        authorisedUntil: iso(row.authorised_until)!,
      })),
      property: property.map((row) => ({
        id: row.id as string,
        stayId: row.stay_id as string,
        kind: row.kind as string,
        description: row.description as string,
        quantity: row.quantity as number,
        amountCents: row.amount === null ? null : Number(row.amount),
        currency: row.currency as string | null,
        receiptNumber: row.receipt_number as string,
        depositedAt: iso(row.deposited_at)!,
        returnedAt: iso(row.returned_at),
      })),
      welfareChecks: checks.map((row) => ({ id: row.id as string, stayId: row.stay_id as string, outcome: row.outcome as string, notes: row.notes as string | null, performedAt: iso(row.performed_at)! })),
      welfareLevels: levels.map((row) => {
        const why = { reason: row.reason as string | null, vulnerabilityType: row.vulnerability_type as VulnerabilityType | null };
        return { id: row.id as string, stayId: row.stay_id as string, fromLevel: row.from_level as string, toLevel: row.to_level as string, reason: levelChangeReason(why, 'fr'), vulnerabilityType: why.vulnerabilityType, at: iso(row.at)! };
      }),
      medicalReports: reports.map((row) => ({
        id: row.id as string,
        stayId: row.stay_id as string,
        kind: row.kind as string,
        sentTo: row.sent_to as string,
        sentAt: iso(row.sent_at)!,
        replyDueAt: iso(row.reply_due_at)!,
        repliedAt: iso(row.replied_at),
        replySummary: row.reply_summary as string | null,
      })),
      vulnerabilities: vulnerabilities.map((row) => ({ id: row.id as string, stayId: row.stay_id as string | null, type: row.type as string, notes: row.notes as string | null, recordedAt: iso(row.recorded_at)! })),
      ageAssessments: assessments.map((row) => ({ id: row.id as string, status: row.status as string, outcome: row.outcome as string | null, updatedAt: iso(row.updated_at)! })),
      cases: cases.map((row) => ({
        id: row.id as string,
        centreId: row.centre_id as string,
        status: row.status as string,
        openedAt: iso(row.opened_at)!,
        closedAt: iso(row.closed_at),
        caseworkerId: row.caseworker_id as string | null,
        history: historyOf(row.id as string),
        notes: notesOf(row.id as string),
        tasks: tasksOf(row.id as string),
      })),
      referrals: referrals.map((row) => ({
        id: row.id as string,
        caseId: row.case_id as string,
        kind: row.kind as string,
        status: row.status as string,
        accelerated: row.accelerated as boolean,
        nextDeadlineAt: iso(row.next_deadline_at),
        nextDeadlineKind: row.next_deadline_kind as string | null,
        createdAt: iso(row.created_at)!,
        history: transitionsOf(row.id as string),
        documents: documentsOf(row.id as string),
      })),
      notices: notices.map((row) => ({
        id: row.id as string,
        type: row.type as string,
        stayId: row.stay_id as string | null,
        language: row.language as string,
        status: row.status as string,
        subject: row.subject as string | null,
        html: row.html as string | null,
        createdAt: iso(row.created_at)!,
        renderedAt: iso(row.rendered_at),
        handedOverAt: iso(row.handed_over_at),
        interpreterUsed: row.interpreter_used as boolean | null,
      })),
      alerts: alerts.map((row) => ({
        id: row.id as string,
        stayId: row.stay_id as string | null,
        kind: row.kind as string,
        severity: row.severity as string,
        dueAt: iso(row.due_at),
        raisedAt: iso(row.raised_at)!,
        acknowledgedAt: iso(row.acknowledged_at),
        resolvedAt: iso(row.resolved_at),
      })),
      auditEvents: {
        total,
        items: events.map((row) => ({
          at: iso(row.at)!,
          action: row.action as string,
          entityType: row.entity_type as string,
          entityId: row.entity_id as string | null,
          actorId: row.actor_id as string | null,
          actorRole: row.actor_role as string | null,
          outcome: row.outcome as string,
        })),
      },
    };
  }

  /**
   * People by name, across every centre, to answer a request for access or to place a hold:
   * administrators only, each person found audited as a search.
   */
  async findPeople(actor: Actor, query: string, limit = 20): Promise<PersonMatch[]> {
    if (actor.role !== 'admin') throw new Forbidden();
    const text = normaliseName(query);
    const skeleton = nameSkeleton(query);
    if (!text) return [];
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<Row[]>(
        `SELECT p.id, p.family_name, p.given_names, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, p.anonymised_at IS NOT NULL AS anonymised, p.legal_hold,
                GREATEST(word_similarity($1, p.search_text), 0.95 * word_similarity($2, p.search_skeleton)) AS score
           FROM people p
          WHERE ($1 <% p.search_text) OR ($2 <% p.search_skeleton) OR p.search_text LIKE '%' || $1 || '%'
          ORDER BY score DESC, p.family_name, p.given_names, p.id
          LIMIT $3`,
        [text, skeleton, limit],
      );
      await this.audit.recordList(manager, actor, 'person.search', 'person', rows.map((row) => ({ id: row.id as string })));
      return rows.map((row) => ({
        id: row.id as string,
        familyName: row.family_name as string,
        givenNames: row.given_names as string,
        dateOfBirth: row.date_of_birth as string,
        anonymised: row.anonymised as boolean,
        legalHold: row.legal_hold as boolean,
      }));
    });
  }
}
