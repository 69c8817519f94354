import type { Stay } from './stay.entity.js';

/** A stay as the API shows it. */
export interface StayView {
  id: string;
  personId: string;
  centreId: string;
  unitId: string;
  bedId: string;
  caseId: string;
  householdId: string | null;
  interceptionId: string | null;
  checkedInAt: string;
  checkedOutAt: string | null;
  /** When the check-out was recorded; it may be undone for 24 hours after. */
  checkOutRecordedAt: string | null;
  /** On the current bed since (a bed move); null when on the check-in bed. */
  bedSince: string | null;
  exitReason: Stay['exitReason'];
  destination: string | null;
  legalLimitAt: string;
  authorisedUntil: string | null;
  asylumClaimWindowEndsAt: string | null;
  /** When the rights notice was handed over; a removal stay's asylum window runs from then. */
  rightsNotifiedAt: string | null;
  ageAssessmentRequired: boolean;
  welfareLevel: Stay['welfareLevel'];
  nextWelfareCheckDue: string | null;
  transferredFromId: string | null;
  version: number;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toStayView(stay: Stay): StayView {
  return {
    id: stay.id,
    personId: stay.personId,
    centreId: stay.centreId,
    unitId: stay.unitId,
    bedId: stay.bedId,
    caseId: stay.caseId,
    householdId: stay.householdId,
    interceptionId: stay.interceptionId,
    checkedInAt: stay.checkedInAt.toISOString(),
    checkedOutAt: iso(stay.checkedOutAt),
    checkOutRecordedAt: iso(stay.checkOutRecordedAt),
    bedSince: iso(stay.bedSince),
    exitReason: stay.exitReason,
    destination: stay.destination,
    legalLimitAt: stay.legalLimitAt.toISOString(),
    authorisedUntil: iso(stay.authorisedUntil),
    asylumClaimWindowEndsAt: iso(stay.asylumClaimWindowEndsAt),
    rightsNotifiedAt: iso(stay.rightsNotifiedAt),
    ageAssessmentRequired: stay.ageAssessmentRequired,
    welfareLevel: stay.welfareLevel,
    nextWelfareCheckDue: stay.checkedOutAt ? null : stay.nextWelfareCheckDue.toISOString(),
    transferredFromId: stay.transferredFromId,
    version: stay.version,
  };
}
