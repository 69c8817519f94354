import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@escale/audit';
import { type Actor, Clock, Forbidden, ValidationFailed, pastTime } from '@escale/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { IllegalTransition, VersionConflict } from './cases.errors.js';
import type { DecideTransferAppealDto, LodgeTransferAppealDto, RecordAbscondmentDto } from './dto/dublin.dto.js';
import { allowedMoves } from './referral-machine.js';
import { referralAudit, ReferralStepsService } from './referral-steps.service.js';
import { Referral } from './referral.entity.js';
import { ReferralsService, type ReferralView } from './referrals.service.js';

/** The worker's notes on the steps it records; the pages word them from these codes. */
export const IMPLICIT_ACCEPTANCE_NOTE = 'implicit_acceptance';
export const TRANSFER_LAPSED_NOTE = 'transfer_deadline_lapsed';
export const TRANSFER_APPEAL_ALLOWED_NOTE = 'transfer_appeal_allowed';

/** Referrals the worker moves per transaction, oldest deadline first. */
const SWEEP_BATCH = 100;

/**
 * The Dublin branch (Regulation 604/2013): the other state's silence is an acceptance, a
 * transfer not made in time makes France responsible, abscondment lengthens the transfer
 * deadline and an appeal against the transfer decision suspends it.
 */
@Injectable()
export class DublinService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly referrals: ReferralsService,
    private readonly steps: ReferralStepsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private async lockedReferral(manager: EntityManager, actor: Actor, id: string, version: number): Promise<Referral> {
    if (actor.role !== 'caseworker') throw new Forbidden();
    const referral = await this.referrals.findReferral(manager, actor, id);
    if (referral.version !== version) throw new VersionConflict(referral.version);
    return referral;
  }

  /** Dublin III art. 29(2): the person absconded, so the transfer may be made within 18 months rather than 6. */
  async recordAbscondment(actor: Actor, id: string, input: RecordAbscondmentDto): Promise<ReferralView> {
    return this.dataSource.transaction(async (manager) => {
      const referral = await this.lockedReferral(manager, actor, id, input.version);
      if (referral.status !== 'dublin_requested' && referral.status !== 'dublin_accepted') throw new IllegalTransition(referral.status, 'absconded', allowedMoves(referral.status));
      if (referral.abscondedAt) throw new ValidationFailed({ at: ['the abscondment is already recorded'] });
      const at = pastTime(this.clock.now(), 'at', input.at, { maxBackdateMs: Number.POSITIVE_INFINITY });
      await this.assertNotBeforeOpening(manager, referral, at, 'at');
      const updated = await this.steps.recomputeDeadline(manager, actor, referral, { abscondedAt: at });
      await this.audit.record(manager, referralAudit(actor, 'referral.abscondment', referral));
      return this.referrals.view(manager, updated);
    });
  }

  /**
   * A stay of the case ended with the person absconding: an accepted Dublin transfer gets the
   * longer deadline. Called within the check-out's transaction; nothing when no such referral.
   */
  async abscondedAtDeparture(manager: EntityManager, actor: Actor | null, caseId: string, at: Date): Promise<void> {
    const referral = await manager.createQueryBuilder(Referral, 'r').setLock('pessimistic_write').where('r.case_id = :caseId AND r.status = :status AND r.absconded_at IS NULL', { caseId, status: 'dublin_accepted' }).getOne();
    if (!referral) return;
    await this.steps.recomputeDeadline(manager, actor, referral, { abscondedAt: at });
    await this.audit.record(manager, referralAudit(actor, 'referral.abscondment', referral));
  }

  /** A check-out as absconded recorded in error is undone: the abscondment it recorded on an accepted transfer goes with it. */
  async undoAbscondmentAtDeparture(manager: EntityManager, actor: Actor | null, caseId: string, at: Date): Promise<void> {
    const referral = await manager.createQueryBuilder(Referral, 'r').setLock('pessimistic_write').where('r.case_id = :caseId AND r.status = :status AND r.absconded_at = :at', { caseId, status: 'dublin_accepted', at }).getOne();
    if (!referral) return;
    await this.steps.recomputeDeadline(manager, actor, referral, { abscondedAt: null });
    await this.audit.record(manager, referralAudit(actor, 'referral.abscondment', referral));
  }

  /** An appeal against the transfer decision: the transfer clock stops until it is decided. */
  async lodgeTransferAppeal(actor: Actor, id: string, input: LodgeTransferAppealDto): Promise<ReferralView> {
    return this.dataSource.transaction(async (manager) => {
      const referral = await this.lockedReferral(manager, actor, id, input.version);
      if (referral.status !== 'dublin_accepted') throw new IllegalTransition(referral.status, 'transfer_appeal', allowedMoves(referral.status));
      if (referral.transferAppealLodgedAt) throw new ValidationFailed({ lodgedAt: ['an appeal against this transfer decision is already recorded'] });
      const lodgedAt = pastTime(this.clock.now(), 'lodgedAt', input.lodgedAt, { maxBackdateMs: Number.POSITIVE_INFINITY });
      await this.assertNotBeforeOpening(manager, referral, lodgedAt, 'lodgedAt');
      // A transfer deadline that had already passed when the appeal was lodged is not revived by it.
      if (referral.nextDeadlineAt && lodgedAt > referral.nextDeadlineAt) throw new ValidationFailed({ lodgedAt: ['must not be after the transfer deadline'] });
      const updated = await this.steps.recomputeDeadline(manager, actor, referral, { transferAppealLodgedAt: lodgedAt });
      await this.audit.record(manager, referralAudit(actor, 'referral.transfer_appeal', referral));
      return this.referrals.view(manager, updated);
    });
  }

  /**
   * The appeal's decision: rejected, the transfer deadline runs again in full from the decision;
   * allowed, the transfer decision is annulled and France examines the claim (back to lodged).
   */
  async decideTransferAppeal(actor: Actor, id: string, input: DecideTransferAppealDto): Promise<ReferralView> {
    return this.dataSource.transaction(async (manager) => {
      const referral = await this.lockedReferral(manager, actor, id, input.version);
      if (referral.status !== 'dublin_accepted' || !referral.transferAppealLodgedAt || referral.transferAppealDecidedAt) {
        throw new IllegalTransition(referral.status, 'transfer_appeal_decided', allowedMoves(referral.status));
      }
      const decidedAt = pastTime(this.clock.now(), 'decidedAt', input.decidedAt, { maxBackdateMs: Number.POSITIVE_INFINITY });
      if (decidedAt < referral.transferAppealLodgedAt) throw new ValidationFailed({ decidedAt: ['must not be before the appeal was lodged'] });
      let updated = await this.steps.recomputeDeadline(manager, actor, referral, { transferAppealDecidedAt: decidedAt, transferAppealOutcome: input.outcome });
      if (input.outcome === 'allowed') {
        updated = await this.steps.applyStep(manager, actor, updated, { to: 'lodged', at: decidedAt, note: TRANSFER_APPEAL_ALLOWED_NOTE });
      }
      await this.audit.record(manager, referralAudit(actor, 'referral.transfer_appeal', referral));
      return this.referrals.view(manager, updated);
    });
  }

  /**
   * The worker's sweep: requests whose reply deadline passed are accepted implicitly (Dublin III
   * art. 22(7), 25(2)); accepted transfers whose deadline passed go back to lodged, France being
   * responsible (art. 29(2)). Returns how many referrals moved.
   */
  async applyDublinClocks(): Promise<{ accepted: number; lapsed: number }> {
    const accepted = await this.sweep('dublin_requested', 'dublin_reply', 'dublin_accepted', IMPLICIT_ACCEPTANCE_NOTE);
    const lapsed = await this.sweep('dublin_accepted', 'dublin_transfer', 'lodged', TRANSFER_LAPSED_NOTE);
    return { accepted, lapsed };
  }

  private async sweep(status: 'dublin_requested' | 'dublin_accepted', kind: 'dublin_reply' | 'dublin_transfer', to: 'dublin_accepted' | 'lodged', note: string): Promise<number> {
    let moved = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (manager) => {
        const now = this.clock.now();
        const due = await manager
          .createQueryBuilder(Referral, 'r')
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .where('r.status = :status AND r.next_deadline_kind = :kind AND r.next_deadline_at <= :now', { status, kind, now })
          .orderBy('r.next_deadline_at', 'ASC')
          .limit(SWEEP_BATCH)
          .getMany();
        // The step happens when the deadline passed, not when the worker noticed.
        for (const referral of due) await this.steps.applyStep(manager, null, referral, { to, at: referral.nextDeadlineAt!, note, implicit: true });
        return due.length;
      });
      moved += batch;
      if (batch < SWEEP_BATCH) return moved;
    }
  }

  private async assertNotBeforeOpening(manager: EntityManager, referral: Referral, at: Date, field: string): Promise<void> {
    const [opened] = await manager.query<{ at: Date }[]>(`SELECT min(at) AS at FROM referral_transitions WHERE referral_id = $1`, [referral.id]);
    if (opened?.at && at < new Date(opened.at)) throw new ValidationFailed({ [field]: ['must not be before the referral was opened'] });
  }
}
