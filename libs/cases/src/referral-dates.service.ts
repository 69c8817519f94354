import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { type Actor, Forbidden, ValidationFailed } from '@escale/platform';
import { DataSource } from 'typeorm';
import { VersionConflict } from './cases.errors.js';
import type { ReferralDateKind, SetReferralDateDto } from './dto/dublin.dto.js';
import { Referral } from './referral.entity.js';
import { ReferralsService, type ReferralView } from './referrals.service.js';

const COLUMN: Record<ReferralDateKind, 'gudaAppointmentAt' | 'ofpraInterviewAt' | 'cndaHearingAt'> = {
  guda_appointment: 'gudaAppointmentAt',
  ofpra_interview: 'ofpraInterviewAt',
  cnda_hearing: 'cndaHearingAt',
};

/** The dates of a referral's appointments: at the single desk (GUDA), the OFPRA interview, the CNDA hearing. */
@Injectable()
export class ReferralDatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referrals: ReferralsService,
    private readonly audit: AuditService,
  ) {}

  /** Records (or clears) one date; appointments may be in the future, never before the referral was opened. */
  async setDate(actor: Actor, id: string, input: SetReferralDateDto): Promise<ReferralView> {
    if (actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const referral = await this.referrals.findReferral(manager, actor, id);
      if (referral.version !== input.version) throw new VersionConflict(referral.version);
      const at = input.at === null ? null : new Date(input.at);
      if (at) {
        const [opened] = await manager.query<{ at: Date }[]>(`SELECT min(at) AS at FROM referral_transitions WHERE referral_id = $1`, [referral.id]);
        if (opened?.at && at < new Date(opened.at)) throw new ValidationFailed({ at: ['must not be before the referral was opened'] });
      }
      const result = await manager
        .createQueryBuilder()
        .update(Referral)
        .set({ [COLUMN[input.kind]]: at, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id: referral.id, version: referral.version })
        .execute();
      if (result.affected !== 1) throw new VersionConflict(referral.version);
      await this.audit.record(manager, auditEntry(actor, 'referral.date', 'referral', referral.id, referral.centreId));
      return this.referrals.view(manager, await manager.findOneByOrFail(Referral, { id: referral.id }));
    });
  }
}
