import { Injectable } from '@nestjs/common';
import { type AuditAction, type AuditEntry, AuditService, auditEntry } from '@escale/audit';
import { CentresService } from '@escale/centres';
import { type Actor, AppConfig, Clock, JobName, OutboxService, SYSTEM_ORIGIN } from '@escale/platform';
import type { EntityManager } from 'typeorm';
import { CasesService } from './cases.service.js';
import { VersionConflict } from './cases.errors.js';
import { type DecisionKind, type Deadline, deadlineFor, type DublinBasis, type ReferralStatus } from './referral-machine.js';
import { ReferralTransition } from './referral-transition.entity.js';
import { Referral } from './referral.entity.js';

/** Steps that are a decision the person must be told of, with any appeal deadline. */
const DECISIONS: readonly ReferralStatus[] = ['decided_granted', 'decided_refused', 'appeal_granted', 'appeal_refused'];

export interface ReferralStep {
  to: ReferralStatus;
  at: Date;
  note: string | null;
  decision?: DecisionKind | null;
  dublinBasis?: DublinBasis | null;
  /** Recorded by the worker because a deadline passed, not by a person. */
  implicit?: boolean;
}

/** The audit entry of a change by a person, or by the system (a job in the worker) when there is none. */
export function referralAudit(actor: Actor | null, action: AuditAction, referral: Pick<Referral, 'id' | 'centreId'>): AuditEntry {
  return actor ? auditEntry(actor, action, 'referral', referral.id, referral.centreId) : { actorId: null, action, entityType: 'referral', entityId: referral.id, centreId: referral.centreId, origin: SYSTEM_ORIGIN };
}

/**
 * Writes a referral's steps and keeps its deadline, the caseworker's task for it and the
 * counted months right; shared by the caseworker's moves and the worker's Dublin clocks.
 */
@Injectable()
export class ReferralStepsService {
  constructor(
    private readonly cases: CasesService,
    private readonly centres: CentresService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  /** Moves a referral read at its current version one step; the caller has checked the move is allowed. */
  async applyStep(manager: EntityManager, actor: Actor | null, referral: Referral, step: ReferralStep): Promise<Referral> {
    const centre = await this.centres.findCentre(referral.centreId, manager);
    const detained = centre?.kind === 'removal';
    // Held people and decisions taken straight from lodging follow the accelerated procedure.
    const accelerated = referral.accelerated || detained || (referral.status === 'lodged' && step.to.startsWith('decided_'));
    const dublinBasis = step.to === 'dublin_requested' ? (step.dublinBasis ?? null) : referral.dublinBasis;
    // A new acceptance starts a new transfer clock: any earlier transfer appeal belonged to another.
    const appeal = step.to === 'dublin_accepted' ? { transferAppealLodgedAt: null, transferAppealDecidedAt: null, transferAppealOutcome: null } : {};
    const next = { ...referral, ...appeal, status: step.to, accelerated, dublinBasis };
    const deadline = this.deadlineOf(next, step.at, detained);
    const result = await manager
      .createQueryBuilder()
      .update(Referral)
      .set({ status: step.to, accelerated, dublinBasis, ...appeal, nextDeadlineAt: deadline?.dueAt ?? null, nextDeadlineKind: deadline?.kind ?? null, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: referral.id, version: referral.version })
      .execute();
    if (result.affected !== 1) throw new VersionConflict(referral.version);
    await manager.insert(ReferralTransition, {
      referralId: referral.id,
      fromStatus: referral.status,
      toStatus: step.to,
      at: step.at,
      byUserId: actor?.userId ?? null,
      note: step.note,
      decision: step.decision ?? null,
      implicit: step.implicit ?? false,
    });
    // A step dated back into a month the reports have already counted has that month counted again by the nightly job.
    await manager.query(
      `DELETE FROM outcome_snapshots o USING centres c
        WHERE c.id = $1 AND o.centre_id = c.id AND o.month = date_trunc('month', $2::timestamptz AT TIME ZONE c.timezone)::date`,
      [referral.centreId, step.at],
    );
    await this.replaceDeadlineTask(manager, actor, referral.caseId, deadline);
    if (DECISIONS.includes(step.to)) {
      const [stay] = await manager.query<{ id: string }[]>(`SELECT id FROM stays WHERE case_id = $1 ORDER BY checked_in_at DESC LIMIT 1`, [referral.caseId]);
      if (stay) await this.outbox.schedule(manager, JobName.PreparePersonNotice, { type: 'referral_decision', stayId: stay.id, referralId: referral.id });
    }
    await this.audit.record(manager, referralAudit(actor, 'referral.transition', referral));
    return manager.findOneByOrFail(Referral, { id: referral.id });
  }

  /**
   * Computes again the deadline of a referral whose Dublin facts changed (an abscondment, a
   * transfer appeal) and bumps its version; its task follows.
   */
  async recomputeDeadline(manager: EntityManager, actor: Actor | null, referral: Referral, changes: Partial<Referral>): Promise<Referral> {
    const next = { ...referral, ...changes };
    const centre = await this.centres.findCentre(referral.centreId, manager);
    const [entered] = await manager.query<{ at: Date }[]>(`SELECT max(at) AS at FROM referral_transitions WHERE referral_id = $1 AND to_status = $2`, [referral.id, referral.status]);
    const deadline = entered?.at ? this.deadlineOf(next, new Date(entered.at), centre?.kind === 'removal') : null;
    const result = await manager
      .createQueryBuilder()
      .update(Referral)
      .set({ ...changes, nextDeadlineAt: deadline?.dueAt ?? null, nextDeadlineKind: deadline?.kind ?? null, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id: referral.id, version: referral.version })
      .execute();
    if (result.affected !== 1) throw new VersionConflict(referral.version);
    const changed = (deadline?.dueAt.getTime() ?? null) !== (referral.nextDeadlineAt?.getTime() ?? null);
    if (changed) await this.replaceDeadlineTask(manager, actor, referral.caseId, deadline);
    return manager.findOneByOrFail(Referral, { id: referral.id });
  }

  private deadlineOf(referral: Pick<Referral, 'status' | 'accelerated' | 'dublinBasis' | 'abscondedAt' | 'transferAppealLodgedAt' | 'transferAppealDecidedAt'>, enteredAt: Date, detained: boolean): Deadline | null {
    return deadlineFor(
      referral.status,
      enteredAt,
      {
        detained,
        accelerated: referral.accelerated,
        dublin: {
          basis: referral.dublinBasis,
          absconded: referral.abscondedAt !== null,
          appealPending: referral.transferAppealLodgedAt !== null && referral.transferAppealDecidedAt === null,
          appealDecidedAt: referral.transferAppealDecidedAt,
        },
      },
      this.config.deadlineRules,
    );
  }

  /** The step met the previous deadline, or made it moot: its task is done, and the new deadline gets one. */
  private async replaceDeadlineTask(manager: EntityManager, actor: Actor | null, caseId: string, deadline: Deadline | null): Promise<void> {
    await manager.query(`UPDATE tasks SET done_at = $2 WHERE case_id = $1 AND source = 'deadline' AND done_at IS NULL`, [caseId, this.clock.now()]);
    if (deadline) await this.cases.raiseTask(manager, actor, { caseId, source: 'deadline', kind: 'deadline', params: { deadlineKind: deadline.kind }, dueAt: deadline.dueAt });
  }
}
