import { Injectable } from '@nestjs/common';
import { AuditService } from '@escale/audit';
import type { Actor } from '@escale/platform';
import type { EntityManager } from 'typeorm';
import { CaseStatusChange } from './case-status-change.entity.js';
import { Case } from './case.entity.js';
import { Task, type TaskSource } from './task.entity.js';

@Injectable()
export class CasesService {
  constructor(private readonly audit: AuditService) {}

  /** Opens the case of a new stay episode, in the check-in's transaction. */
  async openCase(manager: EntityManager, actor: Actor, input: { personId: string; centreId: string; at: Date }): Promise<Case> {
    const opened = manager.create(Case, { personId: input.personId, centreId: input.centreId, status: 'open', openedAt: input.at, caseworkerId: null, closedAt: null });
    await manager.save(opened);
    await manager.insert(CaseStatusChange, { caseId: opened.id, fromStatus: null, toStatus: 'open', at: input.at, byUserId: actor.userId, note: null });
    await this.audit.record(manager, { actorId: actor.userId, action: 'case.create', entityType: 'case', entityId: opened.id, centreId: input.centreId, origin: actor.origin, requestId: actor.requestId });
    return opened;
  }

  /** A transfer carries the case to the new centre. */
  async moveToCentre(manager: EntityManager, actor: Actor, caseId: string, centreId: string): Promise<void> {
    await manager.update(Case, { id: caseId }, { centreId });
    await this.audit.record(manager, { actorId: actor.userId, action: 'case.transfer', entityType: 'case', entityId: caseId, centreId, origin: actor.origin, requestId: actor.requestId });
  }

  /** Raises a task on a case for its caseworker, in the caller's transaction. */
  async raiseTask(manager: EntityManager, actor: Actor, input: { caseId: string; source: TaskSource; title: string; dueAt: Date }): Promise<Task> {
    const found = await manager.findOneByOrFail(Case, { id: input.caseId });
    const task = manager.create(Task, { caseId: found.id, source: input.source, title: input.title, dueAt: input.dueAt, assignedTo: found.caseworkerId, doneAt: null, createdBy: actor.userId });
    await manager.save(task);
    await this.audit.record(manager, { actorId: actor.userId, action: 'task.create', entityType: 'case', entityId: found.id, centreId: found.centreId, origin: actor.origin, requestId: actor.requestId });
    return task;
  }

  async openTasks(caseId: string, manager: EntityManager): Promise<Task[]> {
    return manager.find(Task, { where: { caseId }, order: { dueAt: 'ASC' } });
  }
}
