import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService, auditEntry } from '@escale/audit';
import { CentresService } from '@escale/centres';
import { type Actor, Clock, Forbidden, NotFound, type Page, pastTime } from '@escale/platform';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import type { DepositPropertyDto } from './dto/deposit-property.dto.js';
import type { ReturnPropertyDto } from './dto/return-property.dto.js';
import { PropertyItem } from './property-item.entity.js';
import { PropertyReturn } from './property-return.entity.js';
import { PropertyTransfer, PropertyTransferItem } from './property-transfer.entity.js';
import { type CashTotal, cashTotals, type PropertyRow, type PropertyView, propertyViews } from './property.view.js';
import { StayAccessService } from './stay-access.service.js';
import type { Stay } from './stay.entity.js';
import { invalidField } from './stays.errors.js';

export interface ReturnReceipt {
  id: string;
  stayId: string;
  personId: string;
  centreId: string;
  receiptNumber: string;
  returnedAt: string;
  returnedBy: string;
  signedBy: PropertyReturn['signedBy'];
  representativeName: string | null;
  items: PropertyView[];
  cashTotals: CashTotal[];
}

export interface OwedStay {
  stayId: string;
  personId: string;
  familyName: string;
  givenNames: string;
  checkedOutAt: string;
  exitReason: string;
  items: PropertyView[];
  cashTotals: CashTotal[];
}

/** The items with how they came to the stay (a transfer's hand-over) and how they were returned: one query. */
const ITEMS_OF_STAY = `
  SELECT i.*, r.receipt_number AS return_receipt, r.signed_by, r.representative_name,
         t.receipt_number AS transfer_receipt, t.handed_over_at AS transfer_at, t.handed_over_by AS transfer_by, fs.centre_id AS transfer_centre_id, fc.name AS transfer_centre
    FROM property_items i
    LEFT JOIN property_returns r ON r.id = i.return_id
    LEFT JOIN LATERAL (SELECT pt.* FROM property_transfer_items ti JOIN property_transfers pt ON pt.id = ti.transfer_id
                        WHERE ti.item_id = i.id AND pt.to_stay_id = i.stay_id ORDER BY pt.handed_over_at DESC LIMIT 1) t ON true
    LEFT JOIN stays fs ON fs.id = t.from_stay_id LEFT JOIN centres fc ON fc.id = fs.centre_id`;

/** Property deposited against a receipt: it follows the person at a transfer and is handed back against a signature. */
@Injectable()
export class PropertyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stays: StayAccessService,
    private readonly centres: CentresService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  private assertStaff(actor: Actor): void {
    if (actor.role !== 'staff') throw new Forbidden();
  }

  private async receiptNumber(manager: EntityManager, centreId: string, mark = ''): Promise<string> {
    const [{ n }] = await manager.query<{ n: string }[]>(`SELECT nextval('property_receipt_seq')::text AS n`);
    const centre = await this.centres.findCentre(centreId, manager);
    return `${centre!.code}-${mark}${n.padStart(6, '0')}`;
  }

  async depositProperty(actor: Actor, stayId: string, input: DepositPropertyDto): Promise<{ receiptNumber: string; items: PropertyView[] }> {
    this.assertStaff(actor);
    for (const [index, item] of input.items.entries()) {
      const cash = item.kind === 'cash';
      if (cash !== (item.amountCents !== undefined) || (!cash && item.currency !== undefined)) {
        throw invalidField(`items.${index}`, 'cash needs amountCents (currency defaults to EUR); an item has neither');
      }
    }
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId, { lock: true, open: true });
      const receiptNumber = await this.receiptNumber(manager, stay.centreId);
      const now = this.clock.now();
      const items = input.items.map((item) =>
        manager.create(PropertyItem, {
          stayId: stay.id,
          kind: item.kind,
          description: item.description.trim(),
          quantity: item.quantity ?? 1,
          amountCents: item.amountCents === undefined ? null : String(item.amountCents),
          currency: item.kind === 'cash' ? (item.currency ?? 'EUR') : null,
          receiptNumber,
          depositedAt: now,
          depositedBy: actor.userId,
        }),
      );
      await manager.save(items);
      await this.audit.record(manager, auditEntry(actor, 'property.deposit', 'stay', stay.id, stay.centreId));
      const views = await this.itemsOf(manager, stay.id, items.map((item) => item.id));
      // In the order deposited.
      const order = items.map((item) => item.id);
      return { receiptNumber, items: views.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id)) };
    });
  }

  /** What the stay holds or held: its items (with where they came from) and those a transfer moved on, with where to. */
  async listProperty(actor: Actor, stayId: string): Promise<PropertyView[]> {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId);
      await this.audit.record(manager, auditEntry(actor, 'property.read', 'stay', stay.id, stay.centreId));
      const held = await this.itemsOf(manager, stay.id);
      const moved = await manager.query<PropertyRow[]>(
        `SELECT i.*, t.receipt_number AS transfer_receipt, t.handed_over_at AS transfer_at, t.handed_over_by AS transfer_by, ts.centre_id AS transfer_centre_id, tc.name AS transfer_centre
           FROM property_transfers t JOIN property_transfer_items ti ON ti.transfer_id = t.id JOIN property_items i ON i.id = ti.item_id
           JOIN stays ts ON ts.id = t.to_stay_id JOIN centres tc ON tc.id = ts.centre_id
          WHERE t.from_stay_id = $1 ORDER BY i.deposited_at, i.id`,
        [stay.id],
      );
      return [...held, ...propertyViews(moved, 'out')];
    });
  }

  private async itemsOf(manager: EntityManager, stayId: string, ids?: string[]): Promise<PropertyView[]> {
    const rows = await manager.query<PropertyRow[]>(`${ITEMS_OF_STAY} WHERE i.stay_id = $1 AND ($2::uuid[] IS NULL OR i.id = ANY($2)) ORDER BY i.deposited_at, i.id`, [stayId, ids ?? null]);
    return propertyViews(rows, 'in');
  }

  /** Hands back the items ticked at check-out, in its transaction; lists what was and was not returned. */
  async returnAtCheckOut(manager: EntityManager, actor: Actor, stay: Stay, returnedIds: string[], at: Date): Promise<{ returned: PropertyView[]; notReturned: PropertyView[] }> {
    const items = await manager.find(PropertyItem, { where: { stayId: stay.id }, lock: { mode: 'pessimistic_write' } });
    const unknown = returnedIds.filter((id) => !items.some((item) => item.id === id));
    if (unknown.length) throw invalidField('returnedPropertyIds', `not deposited for this stay: ${unknown.join(', ')}`);
    const toReturn = items.filter((item) => returnedIds.includes(item.id) && !item.returnedAt).map((item) => item.id);
    if (toReturn.length) await manager.update(PropertyItem, { id: In(toReturn) }, { returnedAt: at, returnedBy: actor.userId });
    const all = await this.itemsOf(manager, stay.id);
    return { returned: all.filter((item) => item.returnedAt), notReturned: all.filter((item) => !item.returnedAt) };
  }

  /**
   * A transfer, in its transaction: the items the old stay still holds move to the new one, against a
   * transfer receipt naming who handed them over and when (DOMAIN: property must not be lost on the way).
   */
  async moveWithPerson(manager: EntityManager, actor: Actor, from: Stay, to: Stay, at: Date): Promise<PropertyTransfer | null> {
    const items = await manager.find(PropertyItem, { where: { stayId: from.id, returnedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
    if (!items.length) return null;
    const transfer = manager.create(PropertyTransfer, {
      fromStayId: from.id,
      toStayId: to.id,
      receiptNumber: await this.receiptNumber(manager, from.centreId, 'T'),
      handedOverAt: at,
      handedOverBy: actor.userId,
    });
    await manager.save(transfer);
    await manager.insert(PropertyTransferItem, items.map((item) => ({ transferId: transfer.id, itemId: item.id })));
    await manager.update(PropertyItem, { id: In(items.map((item) => item.id)) }, { stayId: to.id });
    await this.audit.recordMany(manager, [auditEntry(actor, 'property.transfer', 'stay', from.id, from.centreId), auditEntry(actor, 'property.transfer', 'stay', to.id, to.centreId)]);
    return transfer;
  }

  /** Hands items back against a receipt signed by the person or a named representative, during the stay or after it closed. */
  async returnProperty(actor: Actor, stayId: string, input: ReturnPropertyDto): Promise<ReturnReceipt> {
    this.assertStaff(actor);
    if ((input.signedBy === 'representative') !== (input.representativeName !== undefined)) {
      throw invalidField('representativeName', input.signedBy === 'representative' ? 'name the representative who signed' : 'only a representative is named');
    }
    const ids = [...new Set(input.itemIds)];
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId, { lock: true });
      const items = await manager.find(PropertyItem, { where: { id: In(ids) }, lock: { mode: 'pessimistic_write' } });
      const notHeld = ids.filter((id) => !items.some((item) => item.id === id && item.stayId === stay.id && !item.returnedAt));
      if (notHeld.length) throw invalidField('itemIds', `not held for this stay: ${notHeld.join(', ')}`);
      const lastDeposit = new Date(Math.max(...items.map((item) => item.depositedAt.getTime())));
      const returnedAt = pastTime(this.clock.now(), 'returnedAt', input.returnedAt, { notBefore: { at: lastDeposit, message: 'must not be before the items were deposited' } });
      const receipt = manager.create(PropertyReturn, {
        stayId: stay.id,
        receiptNumber: await this.receiptNumber(manager, stay.centreId, 'R'),
        returnedAt,
        returnedBy: actor.userId,
        signedBy: input.signedBy,
        representativeName: input.representativeName ?? null,
      });
      await manager.save(receipt);
      await manager.update(PropertyItem, { id: In(ids) }, { returnedAt, returnedBy: actor.userId, returnId: receipt.id });
      await this.audit.record(manager, auditEntry(actor, 'property.return', 'stay', stay.id, stay.centreId));
      return this.receiptView(manager, stay, receipt);
    });
  }

  /** A signed return receipt, to print; the read is audited. */
  async getReturnReceipt(actor: Actor, stayId: string, returnId: string): Promise<ReturnReceipt> {
    if (actor.role !== 'staff' && actor.role !== 'caseworker') throw new Forbidden();
    return this.dataSource.transaction(async (manager) => {
      const stay = await this.stays.find(manager, actor, stayId);
      const receipt = await manager.findOneBy(PropertyReturn, { id: returnId, stayId: stay.id });
      if (!receipt) throw new NotFound('property return');
      await this.audit.record(manager, auditEntry(actor, 'property.read', 'stay', stay.id, stay.centreId));
      return this.receiptView(manager, stay, receipt);
    });
  }

  private async receiptView(manager: EntityManager, stay: Stay, receipt: PropertyReturn): Promise<ReturnReceipt> {
    const rows = await manager.query<PropertyRow[]>(`${ITEMS_OF_STAY} WHERE i.return_id = $1 ORDER BY i.deposited_at, i.id`, [receipt.id]);
    const items = propertyViews(rows, 'in');
    return {
      id: receipt.id,
      stayId: stay.id,
      personId: stay.personId,
      centreId: stay.centreId,
      receiptNumber: receipt.receiptNumber,
      returnedAt: receipt.returnedAt.toISOString(),
      returnedBy: receipt.returnedBy,
      signedBy: receipt.signedBy,
      representativeName: receipt.representativeName,
      items,
      cashTotals: cashTotals(items),
    };
  }

  /** Property the centre still holds for people who have left, by stay, longest owed first; each person shown is an audited read. */
  async owed(actor: Actor, centreId: string, page: { limit: number; offset: number }): Promise<Page<OwedStay> & { cashTotals: CashTotal[] }> {
    this.assertStaff(actor);
    return this.dataSource.transaction(async (manager) => {
      const centre = await this.centres.getCentre(actor, centreId, manager);
      if (!actor.centreIds.includes(centre.id)) throw new NotFound('centre');
      const owedStays = `SELECT DISTINCT s.id, s.checked_out_at FROM property_items i JOIN stays s ON s.id = i.stay_id
                          WHERE s.centre_id = $1 AND s.checked_out_at IS NOT NULL AND i.returned_at IS NULL`;
      const [{ total }] = await manager.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM (${owedStays}) o`, [centre.id]);
      const totals = await manager.query<{ currency: string; held: string }[]>(
        `SELECT i.currency, sum(i.amount_cents)::text AS held FROM property_items i JOIN stays s ON s.id = i.stay_id
          WHERE s.centre_id = $1 AND s.checked_out_at IS NOT NULL AND i.returned_at IS NULL AND i.kind = 'cash' GROUP BY i.currency ORDER BY i.currency`,
        [centre.id],
      );
      const stays = await manager.query<{ id: string; person_id: string; family_name: string; given_names: string; checked_out_at: Date; exit_reason: string }[]>(
        `SELECT s.id, s.person_id, p.family_name, p.given_names, s.checked_out_at, s.exit_reason
           FROM (${owedStays} ORDER BY s.checked_out_at, s.id LIMIT $2 OFFSET $3) o JOIN stays s ON s.id = o.id JOIN people p ON p.id = s.person_id
          ORDER BY s.checked_out_at, s.id`,
        [centre.id, page.limit, page.offset],
      );
      const rows = await manager.query<PropertyRow[]>(`${ITEMS_OF_STAY} WHERE i.stay_id = ANY($1) AND i.returned_at IS NULL ORDER BY i.deposited_at, i.id`, [stays.map((stay) => stay.id)]);
      await this.audit.recordList(manager, actor, 'property.read', 'stay', stays.map((stay) => ({ id: stay.id, centreId: centre.id })));
      const items = stays.map((stay) => {
        const property = propertyViews(rows.filter((row) => row.stay_id === stay.id), 'in');
        return {
          stayId: stay.id,
          personId: stay.person_id,
          familyName: stay.family_name,
          givenNames: stay.given_names,
          checkedOutAt: stay.checked_out_at.toISOString(),
          exitReason: stay.exit_reason,
          items: property,
          cashTotals: cashTotals(property),
        };
      });
      return { items, total, limit: page.limit, offset: page.offset, cashTotals: totals.map((row) => ({ currency: row.currency, heldCents: Number(row.held), returnedCents: 0, transferredCents: 0 })) };
    });
  }
}
