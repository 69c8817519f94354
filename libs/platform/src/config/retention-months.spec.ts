import { parseConfig } from './app-config.js';
import { DEFAULT_RETENTION_MONTHS, parseRetentionMonths } from './retention-months.js';

describe('RETENTION_MONTHS', () => {
  it('defaults to 12 months for documents and notices, 24 for health and 60 for identity', () => {
    expect(parseConfig({}).retentionMonths).toEqual({ documents: 12, notices: 12, health: 24, identity: 60 });
    expect(parseConfig({}).retentionBatchSize).toBe(200);
  });

  it('reads the categories given and keeps the defaults of the others', () => {
    expect(parseConfig({ RETENTION_MONTHS: 'health=36, identity=72' }).retentionMonths).toEqual({ ...DEFAULT_RETENTION_MONTHS, health: 36, identity: 72 });
    expect(parseRetentionMonths('documents=6')).toEqual({ months: { ...DEFAULT_RETENTION_MONTHS, documents: 6 } });
  });

  it.each([
    ['documents', /RETENTION_MONTHS must be a comma-separated list of category=months/],
    ['documents=twelve', /RETENTION_MONTHS must be a comma-separated list/],
    ['photos=12', /RETENTION_MONTHS names an unknown category "photos"/],
    ['health=24,health=36', /RETENTION_MONTHS names the category "health" twice/],
    ['identity=0', /RETENTION_MONTHS must give identity between 1 and 1200 months/],
    ['identity=5000', /RETENTION_MONTHS must give identity between 1 and 1200 months/],
  ])('refuses %j with one line naming the variable', (value, message) => {
    expect(() => parseConfig({ RETENTION_MONTHS: value })).toThrow(message);
  });

  it('refuses a batch size out of range', () => {
    expect(() => parseConfig({ RETENTION_BATCH_SIZE: '0' })).toThrow(/^Invalid configuration: RETENTION_BATCH_SIZE /);
    expect(() => parseConfig({ RETENTION_BATCH_SIZE: 'many' })).toThrow(/^Invalid configuration: RETENTION_BATCH_SIZE /);
  });
});
