import type { EntityManager } from 'typeorm';

type Row = Record<string, unknown>;
const iso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : value === null || value === undefined ? null : String(value));

/** The person's legal record as the subject-access export gives it: hearings, orders to leave France and appeals, legal contacts. */
export interface LegalRecordExport {
  hearings: { id: string; stayId: string; scheduledAt: string; court: string; purpose: string; outcome: string | null; decidedAt: string | null; adjournedFromId: string | null }[];
  removalOrders: {
    id: string;
    stayId: string;
    kind: string;
    issuedBy: string | null;
    notifiedAt: string;
    appealDeadlineAt: string;
    appealLodgedAt: string | null;
    appealCourt: string | null;
    decidedAt: string | null;
    decision: string | null;
  }[];
  contacts: { id: string; kind: string; name: string; organisation: string | null; phone: string | null; email: string | null; notes: string | null; recordedAt: string; endedAt: string | null; endReason: string | null }[];
}

/** Reads the legal record of the person `personId`, whose stays are `stayIds`, in the export's transaction. */
export async function legalRecordOf(manager: EntityManager, personId: string, stayIds: string[]): Promise<LegalRecordExport> {
  const hearings = await manager.query<Row[]>(`SELECT * FROM hearings WHERE stay_id = ANY($1) ORDER BY scheduled_at, id`, [stayIds]);
  const orders = await manager.query<Row[]>(`SELECT * FROM removal_orders WHERE stay_id = ANY($1) ORDER BY notified_at, id`, [stayIds]);
  const contacts = await manager.query<Row[]>(`SELECT * FROM legal_contacts WHERE person_id = $1 ORDER BY recorded_at, id`, [personId]);
  return {
    hearings: hearings.map((row) => ({
      id: row.id as string,
      stayId: row.stay_id as string,
      scheduledAt: iso(row.scheduled_at)!,
      court: row.court as string,
      purpose: row.purpose as string,
      outcome: row.outcome as string | null,
      decidedAt: iso(row.decided_at),
      adjournedFromId: row.adjourned_from_id as string | null,
    })),
    removalOrders: orders.map((row) => ({
      id: row.id as string,
      stayId: row.stay_id as string,
      kind: row.kind as string,
      issuedBy: row.issued_by as string | null,
      notifiedAt: iso(row.notified_at)!,
      appealDeadlineAt: iso(row.appeal_deadline_at)!,
      appealLodgedAt: iso(row.appeal_lodged_at),
      appealCourt: row.appeal_court as string | null,
      decidedAt: iso(row.decided_at),
      decision: row.decision as string | null,
    })),
    contacts: contacts.map((row) => ({
      id: row.id as string,
      kind: row.kind as string,
      name: row.name as string,
      organisation: row.organisation as string | null,
      phone: row.phone as string | null,
      email: row.email as string | null,
      notes: row.notes as string | null,
      recordedAt: iso(row.recorded_at)!,
      endedAt: iso(row.ended_at),
      endReason: row.end_reason as string | null,
    })),
  };
}
