import { IsIn, IsOptional } from 'class-validator';
import { ConfirmedForm, FormCheckboxes, FormText, PageForm } from '../forms.js';

export class PropertyForm extends PageForm {
  @FormText(8) kind?: string;
  @FormText(300) description?: string;
  @FormText(9) quantity?: string;
  /** Cash only: in euros, such as 12,50. */
  @FormText(20) amount?: string;
}

export class CheckOutForm extends ConfirmedForm {
  @FormText(40) reason?: string;
  @FormText(200) destination?: string;
  @FormText(32) at?: string;

  /** The ticked checkboxes: one value is sent as a string, several as a list. */
  @FormCheckboxes()
  returnedPropertyIds?: string[];
}

export class TransferForm extends ConfirmedForm {
  @FormText(64) toCentreId?: string;
  @FormText(64) bedId?: string;
  @FormText(32) at?: string;
}

export class MoveBedForm extends PageForm {
  @FormText(64) bedId?: string;
}

export class JoinHouseholdForm extends PageForm {
  @FormText(64) householdId?: string;
}

export class WelfareLevelForm extends PageForm {
  @FormText(16) level?: string;
  @FormText(500) reason?: string;
}

export class WelfareCheckForm extends PageForm {
  @FormText(20) outcome?: string;
  @FormText(2000) notes?: string;
  @FormText(32) performedAt?: string;
}

export class ExtensionForm extends ConfirmedForm {
  @FormText(32) decidedAt?: string;
  @FormText(9) days?: string;
  @FormText(200) decidedBy?: string;
}

export class MedicalReportForm extends PageForm {
  @FormText(32) kind?: string;
  @FormText(200) sentTo?: string;
  @FormText(32) sentAt?: string;
}

export class MedicalReplyForm extends PageForm {
  @FormText(500) replySummary?: string;
  @FormText(32) repliedAt?: string;
}

export const STAY_NOTICES = ['checked-out', 'transferred', 'deposited', 'check-recorded', 'level-changed', 'extended', 'report-recorded', 'reply-recorded', 'reopened', 'bed-moved', 'household-joined'] as const;

export class StayPageQuery {
  /** What was just done, to confirm it. */
  @IsOptional()
  @IsIn(STAY_NOTICES)
  done?: (typeof STAY_NOTICES)[number];
}
