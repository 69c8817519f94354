import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { PeopleService } from '@escale/people';
import { type Actor, Clock, Forbidden, NotFound, type Page, pastTime } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { invalidField } from '../stays.errors.js';
import type { AddLegalContactDto, EndLegalContactDto } from './dto/legal-contact.dto.js';
import { LegalContact } from './legal-contact.entity.js';
import { AlreadyRecorded } from './legal-record.errors.js';

export interface LegalContactView {
  id: string;
  personId: string;
  kind: LegalContact['kind'];
  name: string;
  organisation: string | null;
  phone: string | null;
  email: string | null;
  notes: string | null;
  recordedAt: string;
  recordedBy: string | null;
  endedAt: string | null;
  endReason: string | null;
}

const LIST_LIMIT = 500;
const EDITORS: readonly Actor['role'][] = ['staff', 'caseworker'];

export function toLegalContactView(row: LegalContact): LegalContactView {
  return {
    id: row.id,
    personId: row.personId,
    kind: row.kind,
    name: row.name,
    organisation: row.organisation,
    phone: row.phone,
    email: row.email,
    notes: row.notes,
    recordedAt: row.recordedAt.toISOString(),
    recordedBy: row.recordedBy,
    endedAt: row.endedAt?.toISOString() ?? null,
    endReason: row.endReason,
  };
}

/**
 * The person's lawyer, legal-aid association and consular contacts. Who may see them follows the
 * need-to-know of health data: the centre holding the person now, or the last one once they left
 * (its staff and caseworkers, and the caseworker of that stay's case); another centre that held
 * them before does not. Every read and write is audited against the person.
 */
@Injectable()
export class LegalContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async add(actor: Actor, personId: string, input: AddLegalContactDto): Promise<LegalContactView> {
    if (!EDITORS.includes(actor.role)) throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const person = await this.people.getPerson(actor, personId, manager);
      const holder = await this.holder(manager, actor, person.id);
      if (!holder.writable) throw new NotFound('person');
      const contact = manager.create(LegalContact, {
        personId: person.id,
        kind: input.kind,
        name: input.name,
        organisation: input.organisation ?? null,
        phone: input.phone ?? null,
        email: input.email ?? null,
        notes: input.notes || null,
        recordedAt: this.clock.now(),
        recordedBy: actor.userId,
      });
      await manager.save(contact);
      await this.audit.record(manager, auditEntry(actor, 'legal_contact.create', 'person', person.id, holder.centreId));
      return toLegalContactView(contact);
    });
  }

  async list(actor: Actor, personId: string, options: { includeEnded: boolean }): Promise<Page<LegalContactView>> {
    if (!EDITORS.includes(actor.role)) throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const person = await this.people.getPerson(actor, personId, manager);
      const holder = await this.holder(manager, actor, person.id);
      if (!holder.readable) throw new NotFound('person');
      const query = manager.createQueryBuilder(LegalContact, 'c').where('c.person_id = :personId', { personId: person.id });
      if (!options.includeEnded) query.andWhere('c.ended_at IS NULL');
      const rows = await query.orderBy('c.ended_at IS NULL', 'DESC').addOrderBy('c.recorded_at', 'DESC').addOrderBy('c.id').limit(LIST_LIMIT).getMany();
      await this.audit.record(manager, auditEntry(actor, 'legal_contact.list', 'person', person.id, holder.centreId));
      return { items: rows.map(toLegalContactView), total: rows.length, limit: LIST_LIMIT, offset: 0 };
    });
  }

  async end(actor: Actor, contactId: string, input: EndLegalContactDto): Promise<LegalContactView> {
    if (!EDITORS.includes(actor.role)) throw new Forbidden();
    const now = this.clock.now();
    const endedAt = pastTime(now, 'endedAt', input.endedAt, { maxBackdateMs: Number.POSITIVE_INFINITY });
    return this.dataSource.transaction(async (manager) => {
      const found = await manager.findOne(LegalContact, { where: { id: contactId } });
      if (!found) throw new NotFound('legal contact');
      const holder = await this.holder(manager, actor, found.personId);
      if (!holder.writable) throw new NotFound('legal contact');
      const contact = (await manager.createQueryBuilder(LegalContact, 'c').setLock('pessimistic_write').where('c.id = :id', { id: contactId }).getOne())!;
      if (contact.endedAt) throw new AlreadyRecorded('contact_ended');
      if (endedAt < contact.recordedAt) throw invalidField('endedAt', 'must not be before the contact was recorded');
      const change = { endedAt, endedBy: actor.userId, endReason: input.reason ?? null };
      await manager.update(LegalContact, { id: contact.id }, change);
      Object.assign(contact, change);
      await this.audit.record(manager, auditEntry(actor, 'legal_contact.end', 'person', contact.personId, holder.centreId));
      return toLegalContactView(contact);
    });
  }

  /** As for health data: the centre holding the person now, or the last one once they left. */
  private async holder(manager: EntityManager, actor: Actor, personId: string): Promise<{ centreId: string | null; readable: boolean; writable: boolean }> {
    const [holder] = await manager.query<{ centre_id: string; caseworker_id: string | null }[]>(
      `SELECT s.centre_id, c.caseworker_id
         FROM stays s JOIN cases c ON c.id = s.case_id
        WHERE s.person_id = $1 ORDER BY (s.checked_out_at IS NULL) DESC, s.checked_in_at DESC, s.id LIMIT 1`,
      [personId],
    );
    if (!holder) return { centreId: null, readable: false, writable: false };
    const ofCentre = actor.centreIds.includes(holder.centre_id);
    return { centreId: holder.centre_id, readable: ofCentre || (actor.role === 'caseworker' && holder.caseworker_id === actor.userId), writable: ofCentre };
  }
}
