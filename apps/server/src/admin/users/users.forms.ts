import { IsIn, IsOptional } from 'class-validator';
import { FormCheckboxes, FormText, PageForm } from '../forms.js';

export class NewUserForm extends PageForm {
  @FormText(254) email?: string;
  @FormText(200) name?: string;
  @FormText(16) role?: string;
  @FormText(256) password?: string;
  @FormCheckboxes(100) centreIds?: string[];
}

export class UserAccessForm extends PageForm {
  @FormText(16) role?: string;
  @FormCheckboxes(100) centreIds?: string[];
}

export const USER_NOTICES = ['created', 'access', 'disabled', 'enabled', 'unlocked', 'not-locked', 'mfa-reset'] as const;

export class UserPageQuery {
  /** What was just done, to confirm it. */
  @IsOptional()
  @IsIn(USER_NOTICES)
  done?: (typeof USER_NOTICES)[number];
}
