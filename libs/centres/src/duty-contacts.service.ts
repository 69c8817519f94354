import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, Forbidden, NotFound, ValidationFailed } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { Centre } from './centre.entity.js';
import { CentreDutyContact } from './centre-duty-contact.entity.js';

export interface DutyContactView {
  userId: string;
  name: string;
  email: string;
  role: string;
}

/** A centre's duty contacts: who an urgent alert goes to when nobody acknowledges it. Administrators set them. */
@Injectable()
export class DutyContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, centreId: string): Promise<DutyContactView[]> {
    if (actor.role !== 'admin' && actor.role !== 'staff') throw new Forbidden();
    if (actor.role === 'staff' && !actor.centreIds.includes(centreId)) throw new NotFound('centre');
    if (!(await this.dataSource.manager.existsBy(Centre, { id: centreId }))) throw new NotFound('centre');
    return this.contactsOf(this.dataSource.manager, centreId);
  }

  /** Replaces the centre's duty contacts. Each must be an active user who may see the centre (its staff or caseworkers, or an administrator). */
  async set(actor: Actor, centreId: string, userIds: readonly string[]): Promise<DutyContactView[]> {
    if (actor.role !== 'admin') throw new Forbidden();
    const wanted = [...new Set(userIds)];
    return this.dataSource.transaction(async (manager) => {
      const centre = await manager.createQueryBuilder(Centre, 'c').setLock('pessimistic_write').where('c.id = :id', { id: centreId }).getOne();
      if (!centre) throw new NotFound('centre');
      const eligible = await manager.query<{ id: string }[]>(
        `SELECT id FROM users WHERE id = ANY($1) AND disabled_at IS NULL AND (role = 'admin' OR (role IN ('staff', 'caseworker') AND $2 = ANY(centre_ids)))`,
        [wanted, centre.id],
      );
      const refused = wanted.filter((id) => !eligible.some((row) => row.id === id));
      if (refused.length) throw new ValidationFailed({ userIds: [`not an active administrator, or staff or caseworker of this centre: ${refused.join(', ')}`] });
      await manager.delete(CentreDutyContact, { centreId: centre.id });
      if (wanted.length) await manager.insert(CentreDutyContact, wanted.map((userId) => ({ centreId: centre.id, userId, setBy: actor.userId })));
      await this.audit.record(manager, auditEntry(actor, 'centre.duty_contacts', 'centre', centre.id, centre.id));
      return this.contactsOf(manager, centre.id);
    });
  }

  /** The centre's duty contacts who can still be told (active accounts), in name order. */
  async contactsOf(manager: EntityManager, centreId: string): Promise<DutyContactView[]> {
    const rows = await manager.query<{ id: string; name: string; email: string; role: string }[]>(
      `SELECT u.id, u.name, u.email, u.role FROM centre_duty_contacts d JOIN users u ON u.id = d.user_id
        WHERE d.centre_id = $1 AND u.disabled_at IS NULL ORDER BY u.name, u.id`,
      [centreId],
    );
    return rows.map((row) => ({ userId: row.id, name: row.name, email: row.email, role: row.role }));
  }
}
