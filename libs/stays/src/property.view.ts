import type { PropertyKind } from './property-item.entity.js';
import type { PropertySigner } from './property-return.entity.js';

/** The other end of a transfer's hand-over: the centre, the transfer receipt, when and by whom. */
export interface TransferEnd {
  centreId: string;
  centreName: string;
  receiptNumber: string;
  at: string;
  /** The member of staff who handed the property over. */
  handedOverBy: string;
}

export interface PropertyView {
  id: string;
  kind: PropertyKind;
  description: string;
  quantity: number;
  amountCents: number | null;
  currency: string | null;
  receiptNumber: string;
  depositedAt: string;
  /** held by this stay, returned to the person, or transferred with them to their next centre. */
  status: 'held' | 'returned' | 'transferred';
  returnedAt: string | null;
  /** The signed return receipt, when returned against one (not at check-out). */
  returnId: string | null;
  returnReceiptNumber: string | null;
  signedBy: PropertySigner | null;
  representativeName: string | null;
  receivedFrom: TransferEnd | null;
  transferredTo: TransferEnd | null;
}

/** Cash per currency in a list of items, by what became of it, in minor units. */
export interface CashTotal {
  currency: string;
  heldCents: number;
  returnedCents: number;
  transferredCents: number;
}

/** A row of property_items with its return receipt and the transfer at one end (see PropertyService). */
export interface PropertyRow {
  id: string;
  stay_id: string;
  kind: PropertyKind;
  description: string;
  quantity: number;
  amount_cents: string | null;
  currency: string | null;
  receipt_number: string;
  deposited_at: Date;
  returned_at: Date | null;
  return_id?: string | null;
  return_receipt?: string | null;
  signed_by?: PropertySigner | null;
  representative_name?: string | null;
  transfer_receipt: string | null;
  transfer_at: Date | null;
  transfer_by: string | null;
  transfer_centre_id: string | null;
  transfer_centre: string | null;
}

/** Items as the stay sees them: `in`, items it holds (received from a transfer, if so); `out`, items a transfer took on. */
export function propertyViews(rows: PropertyRow[], direction: 'in' | 'out'): PropertyView[] {
  return rows.map((row) => {
    const end: TransferEnd | null = row.transfer_receipt
      ? { centreId: row.transfer_centre_id!, centreName: row.transfer_centre!, receiptNumber: row.transfer_receipt, at: row.transfer_at!.toISOString(), handedOverBy: row.transfer_by! }
      : null;
    const out = direction === 'out';
    return {
      id: row.id,
      kind: row.kind,
      description: row.description,
      quantity: row.quantity,
      amountCents: row.amount_cents === null ? null : Number(row.amount_cents),
      currency: row.currency?.trim() ?? null,
      receiptNumber: row.receipt_number,
      depositedAt: row.deposited_at.toISOString(),
      status: out ? 'transferred' : row.returned_at ? 'returned' : 'held',
      // What became of an item after it left is the next centre's record.
      returnedAt: out ? null : (row.returned_at?.toISOString() ?? null),
      returnId: out ? null : (row.return_id ?? null),
      returnReceiptNumber: out ? null : (row.return_receipt ?? null),
      signedBy: out ? null : (row.signed_by ?? null),
      representativeName: out ? null : (row.representative_name ?? null),
      receivedFrom: out ? null : end,
      transferredTo: out ? end : null,
    };
  });
}

export function cashTotals(items: PropertyView[]): CashTotal[] {
  const totals = new Map<string, CashTotal>();
  for (const item of items) {
    if (item.kind !== 'cash' || item.amountCents === null || !item.currency) continue;
    const total = totals.get(item.currency) ?? { currency: item.currency, heldCents: 0, returnedCents: 0, transferredCents: 0 };
    if (item.status === 'held') total.heldCents += item.amountCents;
    else if (item.status === 'returned') total.returnedCents += item.amountCents;
    else total.transferredCents += item.amountCents;
    totals.set(item.currency, total);
  }
  return [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
