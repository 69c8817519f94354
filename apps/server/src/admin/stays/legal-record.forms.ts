import { IsIn, IsOptional } from 'class-validator';
import { ConfirmedForm, FormText, PageForm } from '../forms.js';

export class ScheduleHearingForm extends PageForm {
  @FormText(32) scheduledAt?: string;
  @FormText(200) court?: string;
  @FormText(20) purpose?: string;
}

export class HearingOutcomeForm extends PageForm {
  @FormText(20) outcome?: string;
  @FormText(32) decidedAt?: string;
  @FormText(200) decidedBy?: string;
  @FormText(9) days?: string;
  @FormText(32) releasedAt?: string;
  @FormText(32) adjournedTo?: string;
  /** Sent by the confirmation's button: what will happen was shown and accepted. */
  @FormText(3) confirm?: string;
}

export class RemovalOrderForm extends PageForm {
  @FormText(30) kind?: string;
  @FormText(32) notifiedAt?: string;
  @FormText(200) issuedBy?: string;
}

export class AppealForm extends PageForm {
  @FormText(32) lodgedAt?: string;
  @FormText(200) court?: string;
}

export class AppealDecisionForm extends ConfirmedForm {
  @FormText(32) decidedAt?: string;
  @FormText(10) outcome?: string;
}

export class LegalContactForm extends PageForm {
  @FormText(16) kind?: string;
  @FormText(200) name?: string;
  @FormText(200) organisation?: string;
  @FormText(40) phone?: string;
  @FormText(254) email?: string;
  @FormText(2000) notes?: string;
}

export class EndContactForm extends PageForm {
  @FormText(500) reason?: string;
}

export const LEGAL_NOTICES = ['hearing-scheduled', 'outcome-recorded', 'released', 'order-recorded', 'appeal-recorded', 'decision-recorded', 'contact-added', 'contact-ended'] as const;

export class LegalPageQuery {
  @IsOptional()
  @IsIn(LEGAL_NOTICES)
  done?: (typeof LEGAL_NOTICES)[number];
}
