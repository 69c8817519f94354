import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath } from '@nestjs/swagger';
import { CSV_CONTENT } from '../responses/shared.js';

/** A report: its JSON body, or with `?format=csv` the same rows as text/csv. */
export const ApiJsonOrCsv = (type: Type<unknown>, description: string) =>
  applyDecorators(
    ApiExtraModels(type),
    ApiOkResponse({ description: `${description}; with ?format=csv, the same rows as text/csv (an attachment)`, content: { 'application/json': { schema: { $ref: getSchemaPath(type) } }, ...CSV_CONTENT } }),
  );
