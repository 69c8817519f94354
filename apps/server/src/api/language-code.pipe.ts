import { Injectable, type PipeTransform } from '@nestjs/common';
import { NotFound } from '@escale/platform';

/** A language code in a path (`prs`, `ckb`, `pt-BR`): anything else names no language, 404. */
const LANGUAGE_CODE = /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

@Injectable()
export class LanguageCodePipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!LANGUAGE_CODE.test(value)) throw new NotFound('notice language');
    return value;
  }
}
