import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { NotFound } from '@escale/platform';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** A malformed id in a path names no record: 404, like any id the caller may not see. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!UUID.test(value)) throw new NotFound(metadata.data ?? 'record');
    return value.toLowerCase();
  }
}
