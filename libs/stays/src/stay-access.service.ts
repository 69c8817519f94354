import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Centre, CentresService } from '@escale/centres';
import { type Actor, NotFound } from '@escale/platform';
import { DataSource, type EntityManager, IsNull } from 'typeorm';
import { Stay, type WelfareLevel } from './stay.entity.js';
import { StayClosed } from './stays.errors.js';

/** What other contexts (welfare, cases) may do with a stay: find it in scope, lock it, set its welfare clock. */
@Injectable()
export class StayAccessService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly centres: CentresService,
  ) {}

  /** A stay in one of the actor's centres, or 404; locked for update when asked. */
  async find(manager: EntityManager, actor: Actor, stayId: string, options: { lock?: boolean; open?: boolean } = {}): Promise<Stay> {
    const query = manager.createQueryBuilder(Stay, 's').where('s.id = :id', { id: stayId });
    if (options.lock) query.setLock('pessimistic_write');
    const stay = await query.getOne();
    if (!stay || !actor.centreIds.includes(stay.centreId)) throw new NotFound('stay');
    if (options.open && stay.checkedOutAt) throw new StayClosed();
    return stay;
  }

  async centreOf(manager: EntityManager, stay: Stay): Promise<Centre> {
    return (await this.centres.findCentre(stay.centreId, manager))!;
  }

  /** The person's open stay, if any, locked. */
  async openStayOfPerson(manager: EntityManager, personId: string): Promise<Stay | null> {
    return manager
      .createQueryBuilder(Stay, 's')
      .setLock('pessimistic_write')
      .where('s.person_id = :personId', { personId })
      .andWhere('s.checked_out_at IS NULL')
      .getOne();
  }

  async setWelfare(manager: EntityManager, stay: Stay, welfare: { level: WelfareLevel; nextDue: Date }): Promise<void> {
    stay.welfareLevel = welfare.level;
    stay.nextWelfareCheckDue = welfare.nextDue;
    await manager.update(Stay, { id: stay.id }, { welfareLevel: welfare.level, nextWelfareCheckDue: welfare.nextDue });
  }

  /** An age assessment is complete: the open stay no longer asks for one, unless it was inconclusive. */
  async markAgeAssessed(manager: EntityManager, personId: string, settled: boolean): Promise<void> {
    if (!settled) return;
    await manager.update(Stay, { personId, checkedOutAt: IsNull() }, { ageAssessmentRequired: false });
  }

  /** The person's age is disputed: the stay asks for an assessment. */
  async markAgeAssessmentRequired(manager: EntityManager, stay: Stay): Promise<void> {
    stay.ageAssessmentRequired = true;
    await manager.update(Stay, { id: stay.id }, { ageAssessmentRequired: true });
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}
