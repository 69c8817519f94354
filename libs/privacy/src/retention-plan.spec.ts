import { DATA_CLASSIFICATION, ERASED_CLASSES, periodOf, specOf } from './data-classification.js';
import { erasureSteps, generalised, holdsCategory, unlinkedHouseholdSteps } from './retention-plan.js';

const everyStep = () => (['documents', 'notices', 'health', 'identity'] as const).flatMap((category) => erasureSteps(category).map(([kind, sql]) => ({ category, kind, sql })));

describe('the retention plan made from the classification', () => {
  it('erases every personal column of the tables about a person, at its period, or deletes its rows', () => {
    for (const [table, spec] of Object.entries(DATA_CLASSIFICATION)) {
      if (spec.subject === null) continue;
      for (const [column, value] of Object.entries(spec.columns)) {
        const columnSpec = specOf(value);
        if (!ERASED_CLASSES.includes(columnSpec.class)) continue;
        const category = spec.deleteAfter ?? periodOf(columnSpec);
        const steps = erasureSteps(category).filter(([kind]) => kind.startsWith(`${table}.`));
        const covered = spec.deleteAfter ? steps.some(([kind]) => kind === `${table}.deleted`) : steps.some(([, sql]) => new RegExp(`SET .*\\b${column} = `, 's').test(sql));
        expect({ table, column, covered }).toEqual({ table, column, covered: true });
      }
    }
  });

  it('erases medical reports whole, their recipient with them, after the health period', () => {
    expect(erasureSteps('health').map(([kind]) => kind)).toEqual(expect.arrayContaining(['medical_reports.deleted', 'vulnerabilities.deleted', 'welfare_checks.deleted', 'age_assessments.deleted', 'tasks.deleted']));
    expect(erasureSteps('identity').map(([kind]) => kind)).not.toContain('medical_reports.deleted');
  });

  it('generalises quasi-identifiers only at identity, and never the rows a category deletes', () => {
    const kinds = everyStep().filter((step) => step.kind.endsWith('.generalised'));
    expect(kinds.every((step) => step.category === 'identity')).toBe(true);
    expect(kinds.map((step) => step.kind)).toEqual(expect.arrayContaining(['people.generalised', 'stays.generalised', 'households.generalised', 'referral_transitions.generalised']));
    expect(kinds.map((step) => step.kind)).not.toContain('vulnerabilities.generalised');
  });

  it('erases the label of a household no one stayed with after the identity period', () => {
    const [[kind, sql]] = unlinkedHouseholdSteps();
    expect(kind).toBe('households.unlinked_erased');
    expect(sql).toContain('label = NULL');
    expect(sql).toContain('NOT EXISTS (SELECT 1 FROM stays s WHERE s.household_id = t.id)');
  });

  it('bands a date of birth to five years', () => {
    expect(generalised('year_band', 'date_of_birth', { personId: 't.id' })).toContain('% 5, 1, 1');
  });

  it('finds what is left of a category for the person p', () => {
    expect(holdsCategory('documents')).toContain('referral_documents');
    expect(holdsCategory('health')).toContain('medical_reports');
    expect(holdsCategory('notices')).toContain('html IS DISTINCT FROM NULL');
  });
});
