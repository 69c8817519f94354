import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AlertsService } from '@escale/alerts';
import { type AgeStanding, ageStanding, type CorrectPersonDto, type MergePeopleDto, type Person, PersonRecordsService } from '@escale/people';
import { type Actor, Clock } from '@escale/platform';
import { StayAccessService } from '@escale/stays';
import { DataSource, type EntityManager } from 'typeorm';

/** A person as a correction or a merge answers it. */
export type CorrectedPerson = Awaited<ReturnType<PersonRecordsService['recordsOf']>> & { person: Person; alertRaised: boolean };

/**
 * Corrections of a person's record that can change how their age stands: a date of birth corrected,
 * or two records of one person merged. The same safeguarding holds as for an age assessment: someone
 * held as an adult in a removal centre who turns out a minor, or presumed one (Code civil art. 388),
 * raises an urgent alert at once. No correction lifts a dispute: only a completed assessment does.
 */
@Injectable()
export class PersonCorrectionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly records: PersonRecordsService,
    private readonly stays: StayAccessService,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  async correctPerson(actor: Actor, personId: string, input: CorrectPersonDto): Promise<CorrectedPerson> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const { before, after } = await this.records.correct(manager, actor, personId, input, now);
      const alertRaised = await this.safeguardAge(manager, after.id, ageStanding(before, now), ageStanding(after, now), now);
      return { person: after, alertRaised, ...(await this.records.recordsOf(manager, after.id)) };
    });
  }

  async mergePeople(actor: Actor, survivorId: string, input: MergePeopleDto): Promise<CorrectedPerson> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const { before, after } = await this.records.merge(manager, actor, survivorId, input.duplicateId, input.version);
      const alertRaised = await this.safeguardAge(manager, after.id, ageStanding(before, now), ageStanding(after, now), now);
      return { person: after, alertRaised, ...(await this.records.recordsOf(manager, after.id)) };
    });
  }

  /** An open removal stay of someone no longer standing as an adult: the urgent alert an age assessment would raise. */
  private async safeguardAge(manager: EntityManager, personId: string, before: AgeStanding, after: AgeStanding, now: Date): Promise<boolean> {
    if (after === 'adult' || after === before) return false;
    const stay = await this.stays.openStayOfPerson(manager, personId);
    if (!stay || (await this.stays.centreOf(manager, stay)).kind !== 'removal') return false;
    if (after === 'minor') {
      return this.alerts.raise(manager, { centreId: stay.centreId, stayId: stay.id, kind: 'minor_in_removal_centre', severity: 'urgent', episodeKey: `minor_in_removal_centre:${stay.id}`, dueAt: now });
    }
    return this.alerts.raise(manager, { centreId: stay.centreId, stayId: stay.id, kind: 'age_disputed', severity: 'urgent', episodeKey: `age_disputed:${stay.id}`, dueAt: now });
  }
}
