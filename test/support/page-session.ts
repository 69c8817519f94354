import type request from 'supertest';

/** The CSRF token of the first form on a page. */
export const csrfOf = (html: string) => html.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';

/** The session cookie an answer sets, as a Cookie header value. */
export const sessionCookie = (response: request.Response) =>
  ([] as string[]).concat(response.headers['set-cookie'] ?? []).find((cookie) => cookie.startsWith('escale.sid='))?.split(';')[0];
