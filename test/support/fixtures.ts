import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type { Role } from '@escale/platform';
import type { TestApp } from './test-app.js';

export interface UnitSpec {
  name?: string;
  housing: 'men' | 'women' | 'families' | 'mixed';
  beds: number;
}

export interface CentreFixture {
  id: string;
  code: string;
  units: { id: string; name: string; housing: string; bedIds: string[] }[];
}

/** A centre with units and beds, made through the admin API. */
export async function createCentre(t: TestApp, spec: { kind?: 'reception' | 'removal'; maxStayDays?: number; units: UnitSpec[] }): Promise<CentreFixture> {
  const admin = { Authorization: `Bearer ${t.adminToken}` };
  const code = `C${randomBytes(3).toString('hex').toUpperCase()}`;
  const kind = spec.kind ?? 'reception';
  const centre = await request(t.http)
    .post('/api/v1/centres')
    .set(admin)
    .send({ code, name: `Centre ${code}`, kind, maxStayDays: spec.maxStayDays ?? (kind === 'removal' ? 90 : 7), timezone: 'Europe/Paris' })
    .expect(201);
  const units = [];
  for (const [index, unitSpec] of spec.units.entries()) {
    const name = unitSpec.name ?? `Unit ${index + 1}`;
    const unit = await request(t.http).post(`/api/v1/centres/${centre.body.id}/units`).set(admin).send({ name, housing: unitSpec.housing }).expect(201);
    const labels = Array.from({ length: unitSpec.beds }, (_, bed) => `${index + 1}-${String(bed + 1).padStart(3, '0')}`);
    const beds = unitSpec.beds ? (await request(t.http).post(`/api/v1/units/${unit.body.id}/beds`).set(admin).send({ labels }).expect(201)).body.items : [];
    units.push({ id: unit.body.id, name, housing: unitSpec.housing, bedIds: beds.map((bed: { id: string }) => bed.id) });
  }
  return { id: centre.body.id, code, units };
}

export async function userFor(t: TestApp, role: Role, centreIds: string[]) {
  return t.userWithToken(role, centreIds);
}

let counter = 0;

/** A new adult, with a distinct name each time unless one is given. */
export function newPerson(overrides: Record<string, unknown> = {}) {
  counter += 1;
  return {
    familyName: `Family${counter}${randomBytes(2).toString('hex')}`,
    givenNames: `Given${counter}`,
    dateOfBirth: '1995-03-14',
    dobEstimated: false,
    sex: 'male',
    nationalities: ['AFG'],
    languages: ['ps', 'fa'],
    ...overrides,
  };
}

/** Today's date in Paris (YYYY-MM-DD), as the reports count days: not the UTC date, which differs near midnight. */
export const parisToday = (at: Date = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(at);
