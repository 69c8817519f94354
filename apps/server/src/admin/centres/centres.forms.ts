import { IsIn, IsOptional } from 'class-validator';
import { FormCheckboxes, FormText, PageForm } from '../forms.js';

export class NewCentreForm extends PageForm {
  @FormText(16) code?: string;
  @FormText(200) name?: string;
  @FormText(16) kind?: string;
  @FormText(9) maxStayDays?: string;
  @FormText(64) timezone?: string;
}

export class NewUnitForm extends PageForm {
  @FormText(100) name?: string;
  @FormText(16) housing?: string;
}

export class NewBedsForm extends PageForm {
  /** One label per line, or separated by commas. */
  @FormText(20_000) labels?: string;
}

export class BedServiceForm extends PageForm {
  @IsIn(['true', 'false'])
  inService: 'true' | 'false';

  /** Taking a bed out of service: why, in a few words if wanted, when it is expected back, and the confirmation. */
  @FormText(16) reason?: string;
  @FormText(500) note?: string;
  @FormText(10) expectedBackOn?: string;
  @FormText(8) confirm?: string;
}

export class CentreSettingsForm extends PageForm {
  @FormText(9) maxStayDays?: string;
  @FormText(9) initialAuthorisationDays?: string;
  @FormText(9) welfareStandardMinutes?: string;
  @FormText(9) welfareHeightenedMinutes?: string;
  @FormText(9) welfareConstantMinutes?: string;
  @FormText(9) firstWelfareCheckMinutes?: string;
}

/** The duty contacts ticked: one value is sent as a string, several as a list, none as nothing. */
export class DutyContactsForm extends PageForm {
  @FormCheckboxes()
  userIds?: string[];
}

export const CENTRE_NOTICES = ['duty-contacts', 'settings', 'bed-out-of-service', 'bed-in-service'] as const;

export class CentrePageQuery {
  /** What was just done, to confirm it. */
  @IsOptional()
  @IsIn(CENTRE_NOTICES)
  done?: (typeof CENTRE_NOTICES)[number];
}
