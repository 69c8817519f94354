import { type ArgumentMetadata, Injectable, type ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, IS_DATE_STRING, IS_ISO8601, ValidationTypes } from 'class-validator';
import { LIST_ITEM_RULES, ValidationFailed } from '@escale/platform';
import { cleanInput } from './input-hygiene.js';

/**
 * IsISO8601 also passes forms that no Date reads (week dates such as 2026-W01-1, 2026-01-01T10Z,
 * decimal commas): such a time would reach a service as an Invalid Date, so it is refused here.
 */
function unreadableTimes(object: object, path = '', into: ValidationError[] = []): ValidationError[] {
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(object.constructor, '', true, false)) {
    const value = (object as Record<string, unknown>)[metadata.propertyName];
    const property = path ? `${path}.${metadata.propertyName}` : metadata.propertyName;
    const values: unknown[] = metadata.each && Array.isArray(value) ? value : [value];
    if ((metadata.name === IS_ISO8601 || metadata.name === IS_DATE_STRING) && values.some((item) => typeof item === 'string' && Number.isNaN(Date.parse(item)))) {
      into.push({ property, constraints: { isIso8601: `${property} must be a date and time such as 2026-11-20T21:40:00Z` }, children: [] });
    } else if (metadata.type === ValidationTypes.NESTED_VALIDATION) {
      values.forEach((item, index) => item !== null && typeof item === 'object' && unreadableTimes(item, metadata.each ? `${property}.${index}` : property, into));
    }
  }
  return into;
}

function collect(errors: ValidationError[], prefix: string, into: Record<string, string[]>): Record<string, string[]> {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const messages: string[] = [];
    for (const [rule, message] of Object.entries(error.constraints ?? {})) {
      const items = Object.hasOwn(LIST_ITEM_RULES, rule) && Array.isArray(error.value) ? LIST_ITEM_RULES[rule](error.value) : undefined;
      if (items) for (const [index, problem] of items) into[`${path}.${index}`] = [problem];
      else messages.push(rule === 'whitelistValidation' ? 'is not an allowed field' : message);
    }
    if (messages.length) into[path] = messages;
    if (error.children?.length) collect(error.children, path, into);
  }
  return into;
}

/** Validates DTOs; unknown fields are refused; failures list the offending fields. */
@Injectable()
export class ContractValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      // The value is read only to name the refused items of a list (LIST_ITEM_RULES); no answer carries it.
      validationError: { target: false, value: true },
      exceptionFactory: (errors) => new ValidationFailed(collect(errors, '', {})),
    });
  }

  protected override async validate(object: object, validatorOptions?: object): Promise<ValidationError[]> {
    const errors = await super.validate(object, validatorOptions);
    return errors.length > 0 ? errors : unreadableTimes(object);
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && this.toValidate(metadata)) {
      const body = value ?? {};
      if (typeof body !== 'object' || Array.isArray(body)) throw new ValidationFailed({ body: ['must be a JSON object'] });
      return super.transform(cleanInput(body, ''), metadata);
    }
    if (metadata.type === 'query') return super.transform(cleanInput(value, ''), metadata);
    return super.transform(value, metadata);
  }
}
