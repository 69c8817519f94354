import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Centre, CentresService } from '@escale/centres';
import { type Actor, Forbidden, NotFound, type Page } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { invalidField } from './stays.errors.js';

/** An export larger than this says so (X-Total-Count) rather than growing without bound. */
export const REGISTER_EXPORT_LIMIT = 100_000;

/** The kinds of entry the register holds (the view register_entries), in the order the law lists them. */
export const REGISTER_ENTRY_KINDS = [
  'placement',
  'transfer_in',
  'rights_notified',
  'hearing',
  'extension',
  'extension_refused',
  'removal_order',
  'removal_order_appeal',
  'asylum_claim',
  'transfer_out',
  'exit',
] as const;
export type RegisterEntryKind = (typeof REGISTER_ENTRY_KINDS)[number];

/** Detail fields that hold a time, given in ISO 8601 UTC like every other time of the API. */
const TIME_FIELDS = ['authorisedUntil', 'legalLimitAt', 'releasedAt', 'decidedAt', 'appealDeadlineAt'];

/** One dated entry of the register: what happened, when, and the facts the law asks for. */
export interface RegisterEntry {
  at: string;
  kind: RegisterEntryKind;
  [detail: string]: unknown;
}

export interface RegisterRow {
  stayId: string;
  personId: string;
  familyName: string;
  givenNames: string;
  dateOfBirth: string;
  sex: string;
  nationalities: string;
  unit: string;
  bed: string;
  checkedInAt: string;
  checkedOutAt: string | null;
  exitReason: string | null;
  destination: string | null;
  entries: RegisterEntry[];
}

export interface RegisterFilter {
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

/**
 * The centre's register (CESEDA L744-2): every stay present in a period, with identity, bed and
 * exit, and its dated entries. Staff of the centre, administrators and auditors read it; every
 * person shown is an audited read.
 */
@Injectable()
export class RegisterService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly centres: CentresService,
    private readonly audit: AuditService,
  ) {}

  /** Staff read their own centres' registers; administrators and auditors every centre's. */
  private async registerCentre(actor: Actor, centreId: string, manager: EntityManager): Promise<Centre> {
    if (actor.role !== 'staff' && actor.role !== 'admin' && actor.role !== 'auditor') throw new Forbidden();
    const centre = await this.centres.getCentre(actor, centreId, manager);
    if (actor.role === 'staff' && !actor.centreIds.includes(centre.id)) throw new NotFound('centre');
    return centre;
  }

  /** The whole register of a period, for export: every row, however many pages it would fill. */
  async registerExport(actor: Actor, centreId: string, filter: { from?: string; to?: string }): Promise<Page<RegisterRow>> {
    return this.register(actor, centreId, { ...filter, limit: REGISTER_EXPORT_LIMIT, offset: 0 });
  }

  async register(actor: Actor, centreId: string, filter: RegisterFilter): Promise<Page<RegisterRow>> {
    if (filter.from && filter.to && filter.from > filter.to) throw invalidField('from', 'must not be after to');
    return this.dataSource.transaction(async (manager) => {
      const centre = await this.registerCentre(actor, centreId, manager);
      const params = [centre.id, filter.from ?? null, filter.to ?? null, centre.timezone];
      const where = `s.centre_id = $1
          AND ($3::date IS NULL OR s.checked_in_at < (($3::date + 1)::timestamp AT TIME ZONE $4))
          AND ($2::date IS NULL OR s.checked_out_at IS NULL OR s.checked_out_at >= ($2::date::timestamp AT TIME ZONE $4))`;
      const [{ total }] = await manager.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM stays s WHERE ${where}`, params);
      const rows = await manager.query<Record<string, unknown>[]>(
        `SELECT s.id AS stay_id, p.id AS person_id, p.family_name, p.given_names, to_char(p.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
                p.sex, array_to_string(p.nationalities, ' ') AS nationalities, u.name AS unit, b.label AS bed,
                s.checked_in_at, s.checked_out_at, s.exit_reason, s.destination
           FROM stays s JOIN people p ON p.id = s.person_id JOIN beds b ON b.id = s.bed_id JOIN units u ON u.id = s.unit_id
          WHERE ${where}
          ORDER BY s.checked_in_at, s.id LIMIT $5 OFFSET $6`,
        [...params, filter.limit, filter.offset],
      );
      const entries = await this.entriesOf(manager, rows.map((row) => row.stay_id as string));
      await this.audit.recordList(manager, actor, 'register.read', 'person', rows.map((row) => ({ id: row.person_id as string, centreId: centre.id })));
      const items = rows.map((row) => ({
        stayId: row.stay_id as string,
        personId: row.person_id as string,
        familyName: row.family_name as string,
        givenNames: row.given_names as string,
        dateOfBirth: row.date_of_birth as string,
        sex: row.sex as string,
        nationalities: row.nationalities as string,
        unit: row.unit as string,
        bed: row.bed as string,
        checkedInAt: (row.checked_in_at as Date).toISOString(),
        checkedOutAt: (row.checked_out_at as Date | null)?.toISOString() ?? null,
        exitReason: row.exit_reason as string | null,
        destination: row.destination as string | null,
        entries: entries.get(row.stay_id as string) ?? [],
      }));
      return { items, total, limit: filter.limit, offset: filter.offset };
    });
  }

  /** One stay's entries of the register, oldest first; the read of the person is audited. */
  async stayEntries(actor: Actor, stayId: string): Promise<{ stayId: string; personId: string; centreId: string; entries: RegisterEntry[] }> {
    if (actor.role !== 'staff' && actor.role !== 'admin' && actor.role !== 'auditor') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const [stay] = await manager.query<{ id: string; person_id: string; centre_id: string }[]>(`SELECT id, person_id, centre_id FROM stays WHERE id = $1`, [stayId]);
      if (!stay || (actor.role === 'staff' && !actor.centreIds.includes(stay.centre_id))) throw new NotFound('stay');
      await this.audit.record(manager, auditEntry(actor, 'register.read', 'person', stay.person_id, stay.centre_id));
      const entries = await this.entriesOf(manager, [stay.id]);
      return { stayId: stay.id, personId: stay.person_id, centreId: stay.centre_id, entries: entries.get(stay.id) ?? [] };
    });
  }

  /** The entries of these stays, by stay, each oldest first; one query whatever their number. */
  private async entriesOf(manager: EntityManager, stayIds: string[]): Promise<Map<string, RegisterEntry[]>> {
    const byStay = new Map<string, RegisterEntry[]>();
    if (!stayIds.length) return byStay;
    const rows = await manager.query<{ stay_id: string; at: Date; kind: RegisterEntryKind; detail: Record<string, unknown> }[]>(
      `SELECT stay_id, at, kind, detail FROM register_entries WHERE stay_id = ANY($1)
        ORDER BY stay_id, at, array_position($2::text[], kind::text)`,
      [stayIds, [...REGISTER_ENTRY_KINDS]],
    );
    for (const row of rows) {
      const detail = { ...row.detail };
      for (const field of TIME_FIELDS) if (typeof detail[field] === 'string') detail[field] = new Date(detail[field] as string).toISOString();
      const list = byStay.get(row.stay_id) ?? [];
      list.push({ at: row.at.toISOString(), kind: row.kind, ...detail });
      byStay.set(row.stay_id, list);
    }
    return byStay;
  }
}
