import { IsOptional, IsUUID } from 'class-validator';
import { FormText, PageForm } from '../forms.js';

/** The board's one-click check: the outcome is a hidden field ("seen_well"). */
export class BoardCheckForm extends PageForm {
  @FormText(20) outcome?: string;
}

export class WelfareBoardQuery {
  /** The stay whose check was just recorded, to confirm it. */
  @IsOptional() @IsUUID() recorded?: string;
}
