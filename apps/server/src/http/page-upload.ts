import { type CallHandler, type ExecutionContext, HttpException, HttpStatus, Injectable, mixin, type NestInterceptor, type Type } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { type Observable, of } from 'rxjs';
import { DomainError, ValidationFailed } from '@escale/platform';
import type { EscaleRequest } from './request-context.js';

/**
 * The page routes that take a file. A multipart body is parsed by the route (its PageUpload
 * interceptor), not by the body parsers, so the UI middleware cannot see its CSRF token: for
 * these routes only, PageUpload checks the token once the body is parsed. Any other page route
 * sent a multipart body is refused by the middleware as before.
 */
const PAGE_UPLOAD_ROUTES: readonly RegExp[] = [/^\/referrals\/[^/]+\/documents$/, /^\/spend\/imports$/];

export const isPageUpload = (req: Request): boolean =>
  req.method === 'POST' && Boolean(req.is('multipart/form-data')) && PAGE_UPLOAD_ROUTES.some((route) => route.test(req.path));

/**
 * A page form's single file, in memory, at most `maxBytes`: parses the body with multer (as
 * FileInterceptor does for the API), then checks the form's CSRF token. A file that cannot be
 * read (too large, malformed) is not an error page: it is left on the request as `uploadError`
 * for the route to show on its form.
 */
export function PageUpload(field: string, maxBytes: number): Type<NestInterceptor> {
  const Multer = FileInterceptor(field, { limits: { fileSize: maxBytes, files: 1, fields: 1, parts: 2 } });

  @Injectable()
  class PageUploadInterceptor implements NestInterceptor {
    private readonly multer = new Multer();

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const request = context.switchToHttp().getRequest<EscaleRequest>();
      try {
        await this.multer.intercept(context, { handle: () => of(undefined) });
      } catch (error) {
        request.uploadError =
          error instanceof HttpException && error.getStatus() === HttpStatus.PAYLOAD_TOO_LARGE
            ? new DomainError('PAYLOAD_TOO_LARGE', `A document may not be larger than ${maxBytes} bytes.`)
            : new ValidationFailed({ [field]: ['could not be read'] });
      }
      if (!request.csrfValid?.()) throw new DomainError('CSRF_INVALID', 'The form has expired. Please try again.');
      return next.handle();
    }
  }
  return mixin(PageUploadInterceptor);
}
