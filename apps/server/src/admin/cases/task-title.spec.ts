import { AGE_ASSESSMENT_TASK_TITLE } from '@escale/stays';
import { DEADLINE_TASKS } from '@escale/cases';
import { taskTitle } from './case.page.js';

describe('task titles on pages', () => {
  it('shows the tasks the system raises in the page’s language, and a typed title as typed', () => {
    expect(taskTitle(AGE_ASSESSMENT_TASK_TITLE, 'fr')).toBe('Demander une évaluation de l’âge : la personne se dit mineure');
    expect(taskTitle(AGE_ASSESSMENT_TASK_TITLE, 'en')).toBe(AGE_ASSESSMENT_TASK_TITLE);
    expect(taskTitle(DEADLINE_TASKS.lodging, 'fr')).not.toBe(DEADLINE_TASKS.lodging);
    expect(taskTitle('Appeler l’avocate', 'en')).toBe('Appeler l’avocate');
  });
});
