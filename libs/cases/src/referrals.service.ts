import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry, type ListedRecord } from '@escale/audit';
import { type Actor, Clock, DomainError, Forbidden, NotFound, type Page, ValidationFailed, constraintViolation, pastTime } from '@escale/platform';
import { DataSource, type EntityManager, In } from 'typeorm';
import { Case } from './case.entity.js';
import { CasesService } from './cases.service.js';
import { IllegalTransition, ReferralAlreadyOpen, VersionConflict } from './cases.errors.js';
import type { TransitionReferralDto } from './dto/cases.dto.js';
import { ReferralDocument, type DocumentType } from './referral-document.entity.js';
import { allowedMoves, canMoveReferral, type DeadlineKind, type DecisionKind, decisionsFor, type DublinBasis, type ReferralStatus, type TransferAppealOutcome } from './referral-machine.js';
import { ReferralStepsService } from './referral-steps.service.js';
import { ReferralTransition } from './referral-transition.entity.js';
import { Referral } from './referral.entity.js';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export interface ReferralView {
  id: string;
  caseId: string;
  kind: 'asylum';
  status: ReferralStatus;
  version: number;
  nextDeadline: string | null;
  nextDeadlineKind: DeadlineKind | null;
  accelerated: boolean;
  allowedMoves: ReferralStatus[];
  /** The first-instance decision and the appeal decision, when recorded with their move. */
  decision: DecisionKind | null;
  appealDecision: DecisionKind | null;
  dublin: {
    basis: DublinBasis | null;
    abscondedAt: string | null;
    transferAppeal: { lodgedAt: string; decidedAt: string | null; outcome: TransferAppealOutcome | null } | null;
  };
  dates: { gudaAppointmentAt: string | null; ofpraInterviewAt: string | null; cndaHearingAt: string | null };
  createdAt: string;
  history: { from: ReferralStatus | null; to: ReferralStatus; at: string; by: string | null; note: string | null; decision: DecisionKind | null; implicit: boolean }[];
}

export interface DocumentView {
  id: string;
  referralId: string;
  fileName: string;
  contentType: DocumentType;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

/** The type of a file from its first bytes; the name and the declared type are not trusted. */
export function sniffDocumentType(content: Buffer): DocumentType | null {
  if (content.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  if (content.length >= 3 && content[0] === 0xff && content[1] === 0xd8 && content[2] === 0xff) return 'image/jpeg';
  if (content.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

/** A file name safe to show and to put in a Content-Disposition header. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'document';
  const cleaned = base.normalize('NFKC').replace(/[^\p{L}\p{N}._ -]+/gu, '_').replace(/^\.+/, '').slice(0, 200).trim();
  return cleaned || 'document';
}

@Injectable()
export class ReferralsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly steps: ReferralStepsService,
  ) {}


  private assertCaseworker(actor: Actor): void {
    if (actor.role !== 'caseworker') throw new Forbidden();
  }

  async createReferral(actor: Actor, caseId: string): Promise<ReferralView> {
    this.assertCaseworker(actor);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const found = await this.cases.findCase(manager, actor, caseId, true);
        if (found.status === 'closed') throw new IllegalTransition('closed', 'draft', []);
        const referral = manager.create(Referral, { caseId: found.id, centreId: found.centreId, kind: 'asylum', status: 'draft', accelerated: false, nextDeadlineAt: null, nextDeadlineKind: null, version: 1 });
        await manager.save(referral);
        const now = this.clock.now();
        await manager.insert(ReferralTransition, { referralId: referral.id, fromStatus: null, toStatus: 'draft', at: now, byUserId: actor.userId, note: null });
        await this.audit.record(manager, auditEntry(actor, 'referral.create', 'referral', referral.id, found.centreId));
        return this.view(manager, referral);
      });
    } catch (error) {
      if (constraintViolation(error)?.constraint === 'referrals_one_open_per_case_key') throw new ReferralAlreadyOpen();
      throw error;
    }
  }

  /** A referral of one of the actor's centres (another centre's is not found), for staff and caseworkers. */
  async findReferral(manager: EntityManager, actor: Actor, id: string): Promise<Referral> {
    if (actor.role !== 'caseworker' && actor.role !== 'staff') throw new Forbidden();
    const referral = await manager.findOneBy(Referral, { id });
    if (!referral || !actor.centreIds.includes(referral.centreId)) throw new NotFound('referral');
    return referral;
  }

  /**
   * Moves a referral one step of its procedure, at the version the caller read; computes the
   * deadline the new step starts and makes it a task for the caseworker. Of several moves at
   * one version exactly one succeeds.
   */
  async transition(actor: Actor, id: string, input: TransitionReferralDto): Promise<ReferralView> {
    this.assertCaseworker(actor);
    return this.dataSource.transaction(async (manager) => {
      const referral = await this.findReferral(manager, actor, id);
      // A stale form is a conflict first: what it asks may only look illegal because the referral moved on.
      if (referral.version !== input.version) throw new VersionConflict(referral.version);
      if (!canMoveReferral(referral.status, input.to)) throw new IllegalTransition(referral.status, input.to, allowedMoves(referral.status));
      const problems: Record<string, string[]> = {};
      if (input.decision && !decisionsFor(input.to).includes(input.decision)) problems.decision = [decisionsFor(input.to).length ? `must be one of ${decisionsFor(input.to).join(', ')}` : `is not recorded on a move to ${input.to}`];
      if (input.to === 'dublin_requested' && !input.dublinBasis) problems.dublinBasis = ['is required when the request is sent to the other state'];
      if (input.dublinBasis && input.to !== 'dublin_requested') problems.dublinBasis = [`is not recorded on a move to ${input.to}`];
      if (Object.keys(problems).length) throw new ValidationFailed(problems);
      const now = this.clock.now();
      const at = pastTime(now, 'at', input.at, { maxBackdateMs: Number.POSITIVE_INFINITY });
      const [last] = await manager.query<{ at: Date }[]>(`SELECT max(at) AS at FROM referral_transitions WHERE referral_id = $1`, [referral.id]);
      if (last?.at && at < last.at) throw new ValidationFailed({ at: ['must not be before the previous step'] });
      const moved = await this.steps.applyStep(manager, actor, referral, { to: input.to, at, note: input.note?.trim() || null, decision: input.decision ?? null, dublinBasis: input.dublinBasis ?? null });
      return this.view(manager, moved);
    });
  }

  async getReferral(actor: Actor, id: string): Promise<ReferralView> {
    return this.dataSource.transaction(async (manager) => {
      const referral = await this.findReferral(manager, actor, id);
      await this.audit.record(manager, auditEntry(actor, 'referral.read', 'referral', referral.id, referral.centreId));
      return this.view(manager, referral);
    });
  }

  async listForCase(actor: Actor, caseId: string): Promise<ReferralView[]> {
    return this.dataSource.transaction(async (manager) => {
      const found = await this.cases.findCase(manager, actor, caseId);
      const referrals = await manager.find(Referral, { where: { caseId: found.id }, order: { createdAt: 'DESC' } });
      // Even an empty list tells the reader something of the person: one event for the read.
      await this.audit.record(manager, auditEntry(actor, 'referral.list', 'person', found.personId, found.centreId));
      return this.views(manager, referrals);
    });
  }

  /** Referrals of the actor's centres, by status and by deadline, soonest deadline first. */
  async listReferrals(actor: Actor, filter: { status?: ReferralStatus; dueBefore?: string; limit: number; offset: number }): Promise<Page<ReferralView>> {
    this.assertCaseworker(actor);
    const query = this.dataSource.manager.createQueryBuilder(Referral, 'r').where('r.centre_id = ANY(:centres)', { centres: [...actor.centreIds] });
    if (filter.status) query.andWhere('r.status = :status', { status: filter.status });
    if (filter.dueBefore) query.andWhere('r.next_deadline_at < :dueBefore', { dueBefore: new Date(filter.dueBefore) });
    const [referrals, total] = await query.orderBy('r.next_deadline_at', 'ASC', 'NULLS LAST').addOrderBy('r.created_at', 'DESC').addOrderBy('r.id').take(filter.limit).skip(filter.offset).getManyAndCount();
    const items = await this.views(this.dataSource.manager, referrals);
    await this.audit.recordList(this.dataSource.manager, actor, 'referral.list', 'person', await this.listed(this.dataSource.manager, referrals));
    return { items, total, limit: filter.limit, offset: filter.offset };
  }

  /** The people whose referrals a list shows, each in the referral's centre, for its `referral.list` event; one query for the people. */
  private async listed(manager: EntityManager, referrals: Referral[]): Promise<ListedRecord[]> {
    if (referrals.length === 0) return [];
    const cases = await manager.find(Case, { select: { id: true, personId: true }, where: { id: In([...new Set(referrals.map((referral) => referral.caseId))]) } });
    const personOf = new Map(cases.map((found) => [found.id, found.personId]));
    return referrals.flatMap((referral) => {
      const personId = personOf.get(referral.caseId);
      return personId ? [{ id: personId, centreId: referral.centreId }] : [];
    });
  }

  async view(manager: EntityManager, referral: Referral): Promise<ReferralView> {
    return (await this.views(manager, [referral]))[0];
  }

  /** Views of many referrals with their histories, in two queries whatever their number. */
  private async views(manager: EntityManager, referrals: Referral[]): Promise<ReferralView[]> {
    if (referrals.length === 0) return [];
    const steps = await manager.find(ReferralTransition, { where: { referralId: In(referrals.map((referral) => referral.id)) }, order: { at: 'ASC', recordedAt: 'ASC', id: 'ASC' } });
    return referrals.map((referral) => this.toView(referral, steps.filter((step) => step.referralId === referral.id)));
  }

  private toView(referral: Referral, history: ReferralTransition[]): ReferralView {
    return {
      id: referral.id,
      caseId: referral.caseId,
      kind: referral.kind,
      status: referral.status,
      version: referral.version,
      nextDeadline: referral.nextDeadlineAt?.toISOString() ?? null,
      nextDeadlineKind: referral.nextDeadlineKind,
      accelerated: referral.accelerated,
      allowedMoves: allowedMoves(referral.status),
      decision: history.findLast((step) => step.toStatus.startsWith('decided_'))?.decision ?? null,
      appealDecision: history.findLast((step) => step.toStatus === 'appeal_granted' || step.toStatus === 'appeal_refused')?.decision ?? null,
      dublin: {
        basis: referral.dublinBasis,
        abscondedAt: iso(referral.abscondedAt),
        transferAppeal: referral.transferAppealLodgedAt
          ? { lodgedAt: referral.transferAppealLodgedAt.toISOString(), decidedAt: iso(referral.transferAppealDecidedAt), outcome: referral.transferAppealOutcome }
          : null,
      },
      dates: { gudaAppointmentAt: iso(referral.gudaAppointmentAt), ofpraInterviewAt: iso(referral.ofpraInterviewAt), cndaHearingAt: iso(referral.cndaHearingAt) },
      createdAt: referral.createdAt.toISOString(),
      history: history.map((step) => ({ from: step.fromStatus, to: step.toStatus, at: step.at.toISOString(), by: step.byUserId, note: step.note, decision: step.decision, implicit: step.implicit })),
    };
  }

  async addDocument(actor: Actor, referralId: string, file: { originalName: string; content: Buffer }): Promise<DocumentView> {
    this.assertCaseworker(actor);
    if (file.content.length === 0) throw new ValidationFailed({ file: ['is empty'] });
    if (file.content.length > MAX_DOCUMENT_BYTES) throw new DomainError('PAYLOAD_TOO_LARGE', 'A document may not be larger than 10 MB.');
    const contentType = sniffDocumentType(file.content);
    if (!contentType) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'A document must be a PDF, a JPEG or a PNG file.');
    return this.dataSource.transaction(async (manager) => {
      const referral = await this.findReferral(manager, actor, referralId);
      const document = manager.create(ReferralDocument, {
        referralId: referral.id,
        fileName: cleanFileName(file.originalName),
        contentType,
        sizeBytes: file.content.length,
        sha256: createHash('sha256').update(file.content).digest('hex'),
        content: file.content,
        uploadedBy: actor.userId,
      });
      await manager.save(document);
      await this.audit.record(manager, auditEntry(actor, 'document.upload', 'document', document.id, referral.centreId));
      return toDocumentView(document);
    });
  }

  async listDocuments(actor: Actor, referralId: string): Promise<DocumentView[]> {
    return this.dataSource.transaction(async (manager) => {
      const referral = await this.findReferral(manager, actor, referralId);
      if (actor.role !== 'caseworker') throw new Forbidden();
      const documents = await manager.find(ReferralDocument, { where: { referralId: referral.id }, order: { createdAt: 'ASC' } });
      const { personId } = await manager.findOneOrFail(Case, { select: { id: true, personId: true }, where: { id: referral.caseId } });
      await this.audit.record(manager, auditEntry(actor, 'document.list', 'person', personId, referral.centreId));
      return documents.map(toDocumentView);
    });
  }

  /** A document's content; every download is audited. */
  async downloadDocument(actor: Actor, documentId: string): Promise<DocumentView & { content: Buffer }> {
    this.assertCaseworker(actor);
    return this.dataSource.transaction(async (manager) => {
      const document = await manager.createQueryBuilder(ReferralDocument, 'd').addSelect('d.content').where('d.id = :id', { id: documentId }).getOne();
      if (!document) throw new NotFound('document');
      const referral = await this.findReferral(manager, actor, document.referralId);
      await this.audit.record(manager, auditEntry(actor, 'document.download', 'document', document.id, referral.centreId));
      return { ...toDocumentView(document), content: document.content };
    });
  }
}

const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

export const toDocumentView = (document: ReferralDocument): DocumentView => ({
  id: document.id,
  referralId: document.referralId,
  fileName: document.fileName,
  contentType: document.contentType,
  sizeBytes: document.sizeBytes,
  sha256: document.sha256,
  uploadedAt: document.createdAt.toISOString(),
});
