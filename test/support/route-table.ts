import { RequestMethod } from '@nestjs/common';
import { MetadataScanner, Reflector } from '@nestjs/core';
import type { NestContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import type { Role } from '@escale/platform';
import { ACCESS_KEY, type AccessRule, AUDITED_RECORD_KEY, type AuditedRecord } from '../../apps/server/src/http/access.decorator.js';

export type { AccessRule };

export interface RouteEntry {
  /** "METHOD /path", such as "GET /api/v1/stays/:id". */
  route: string;
  method: string;
  path: string;
  /** The route's access declaration; undefined when it declares none (refused by default). */
  rule: AccessRule | undefined;
  /** The record a refusal on the route is audited against (`@OnRecord`), if any. */
  record: AuditedRecord | undefined;
}

/** Walks every controller method the server mounted, with its access declaration. */
export function routeTable(t: { app: INestApplication }): RouteEntry[] {
  const container = (t.app as unknown as { container: NestContainer }).container;
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const entries: RouteEntry[] = [];
  const controllers = [...container.getModules().values()].flatMap((module) => [...module.controllers.values()]);
  for (const wrapper of controllers) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const prototype = Object.getPrototypeOf(instance);
    const base = reflector.get<string>(PATH_METADATA, wrapper.metatype as never) ?? '';
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const full = `/${[base, path]
        .filter((p) => p && p !== '/')
        .map((p: string) => p.replace(/^\/+|\/+$/g, ''))
        .join('/')}`;
      entries.push({
        route: `${method} ${full}`,
        method,
        path: full,
        rule: reflector.getAllAndOverride<AccessRule>(ACCESS_KEY, [handler, wrapper.metatype as never]),
        record: reflector.getAllAndOverride<AuditedRecord>(AUDITED_RECORD_KEY, [handler, wrapper.metatype as never]),
      });
    }
  }
  return entries;
}

/** Whether a route's rule lets a role through the access layer (a public route lets everyone). */
export function allows(rule: AccessRule | undefined, role: Role): boolean {
  if (!rule) return false;
  return rule.kind === 'public' || rule.roles.includes(role);
}

/** The route's path parameters, in order: "/centres/:id/units/:unitId/beds" gives ["id", "unitId"]. */
export const pathParams = (path: string): string[] => [...path.matchAll(/:(\w+)/g)].map((match) => match[1]);

/** Whether the route is part of the JSON API (the rest are pages). */
export const isApiRoute = (entry: RouteEntry): boolean => entry.path.startsWith('/api/');
