import { FormText } from '../forms.js';

/** The data-protection worklist's filter and page, as its GET form and links send them: empty means "any". */
export class DataProtectionPageQuery {
  @FormText(64) centreId?: string;
  @FormText(9) offset?: string;
}
