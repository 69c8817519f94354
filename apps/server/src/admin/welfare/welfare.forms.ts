import { IsOptional, IsUUID, Matches } from 'class-validator';
import { ConfirmedForm, FormCheckboxes, FormText, PageForm } from '../forms.js';

/** The board's one-click check: the outcome is a hidden field ("seen_well"); `next` is the row below, which takes the focus after. */
export class BoardCheckForm extends PageForm {
  @FormText(20) outcome?: string;
  @FormText(64) next?: string;
}

/** A unit's round: the people ticked as seen well, and the box that confirms it. */
export class UnitRoundForm extends ConfirmedForm {
  @FormCheckboxes(200)
  stayIds?: string[];
}

export class WelfareBoardQuery {
  /** The stay whose check was just recorded, to confirm it. */
  @IsOptional() @IsUUID() recorded?: string;
  /** The row after it, whose "seen well" takes the focus. */
  @IsOptional() @IsUUID() next?: string;
  /** The unit whose round was just recorded, and how many people it counted. */
  @IsOptional() @IsUUID() round?: string;
  @IsOptional() @Matches(/^\d{1,3}$/) count?: string;
}
