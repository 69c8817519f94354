import { type ArgumentMetadata, Injectable, type ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidationFailed } from '@escale/platform';
import { cleanInput } from './input-hygiene.js';

function collect(errors: ValidationError[], prefix: string, into: Record<string, string[]>): Record<string, string[]> {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints) {
      into[path] = Object.entries(error.constraints).map(([rule, message]) =>
        rule === 'whitelistValidation' ? 'is not an allowed field' : message,
      );
    }
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
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => new ValidationFailed(collect(errors, '', {})),
    });
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
