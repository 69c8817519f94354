import { type Actor, NotFound } from '@escale/platform';
import type { EntityManager } from 'typeorm';
import { Stay } from '../stay.entity.js';

/**
 * Hearings and removal orders are recorded on a stay, and belong to its placement: the case, which
 * follows the person across transfers. The stay that holds them now is the case's open stay, or
 * its latest one once the person left.
 */
export async function currentStayOfCase(manager: EntityManager, caseId: string): Promise<Stay> {
  return (await manager
    .createQueryBuilder(Stay, 's')
    .where('s.case_id = :caseId', { caseId })
    .orderBy('(s.checked_out_at IS NULL)', 'DESC')
    .addOrderBy('s.checked_in_at', 'DESC')
    .addOrderBy('s.id')
    .getOne())!;
}

/**
 * The stay a record of a stay `recordStayId` is acted on through: the current stay of its case,
 * in one of the actor's centres (otherwise 404, as for a record of another centre).
 */
export async function actingStay(manager: EntityManager, actor: Actor, recordStayId: string, what: string): Promise<Stay> {
  const own = await manager.findOne(Stay, { where: { id: recordStayId } });
  if (!own) throw new NotFound(what);
  const current = await currentStayOfCase(manager, own.caseId);
  if (!actor.centreIds.includes(current.centreId)) throw new NotFound(what);
  return current;
}

/** The ids of the stays of `stay`'s placement up to it: a centre sees the records of its stay and of those before it, never of later ones elsewhere. */
export const STAYS_UP_TO = `SELECT q.id FROM stays q WHERE q.case_id = :caseId AND q.checked_in_at <= :checkedInAt`;
