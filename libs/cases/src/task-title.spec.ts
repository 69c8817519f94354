import { taskTitle } from './task-title.js';

const NNBSP = '\u202f';

describe('a task title in the reader’s language', () => {
  it('words an interpreter task from the notice type and language it stores', () => {
    const task = { kind: 'interpreter_notice', params: { noticeId: 'n-1', noticeType: 'rights_on_arrival', language: 'fr' }, title: null } as const;
    expect(taskTitle(task, 'en')).toBe('Give the notice “Rights on arrival” (French) through an interpreter');
    expect(taskTitle(task, 'fr')).toBe(`Remettre l’avis «${NNBSP}Droits à l’arrivée${NNBSP}» (français) avec un interprète`);
  });

  it('words the tasks a deadline, an age dispute, a welfare concern and a vulnerability raise', () => {
    expect(taskTitle({ kind: 'deadline', params: { deadlineKind: 'lodging' }, title: null }, 'en')).toBe('Lodge the asylum application with OFPRA');
    expect(taskTitle({ kind: 'deadline', params: { deadlineKind: 'lodging' }, title: null }, 'fr')).toBe('Introduire la demande d’asile auprès de l’OFPRA');
    expect(taskTitle({ kind: 'age_assessment', params: {}, title: null }, 'fr')).toBe(`Demander une évaluation de l’âge${NNBSP}: la personne se dit mineure`);
    expect(taskTitle({ kind: 'welfare_concern', params: {}, title: null }, 'en')).toBe('Follow up a concern raised in a welfare check');
    expect(taskTitle({ kind: 'vulnerability_review', params: { vulnerabilityType: 'pregnancy' }, title: null }, 'en')).toBe('Review a vulnerability identified: Pregnancy');
    expect(taskTitle({ kind: 'vulnerability_review', params: { vulnerabilityType: 'pregnancy' }, title: null }, 'fr')).toBe(`Examiner une vulnérabilité signalée${NNBSP}: Grossesse`);
  });

  it('shows a typed title as typed, in every language', () => {
    const task = { kind: 'manual', params: {}, title: 'Appeler l’avocate' } as const;
    expect(taskTitle(task, 'en')).toBe('Appeler l’avocate');
    expect(taskTitle(task, 'fr')).toBe('Appeler l’avocate');
  });

  it('shows a code the catalogue does not know as the code, rather than failing', () => {
    expect(taskTitle({ kind: 'vulnerability_review', params: { vulnerabilityType: 'unheard_of' }, title: null }, 'en')).toBe('Review a vulnerability identified: unheard_of');
    expect(taskTitle({ kind: 'deadline', params: { deadlineKind: 'unheard_of' }, title: null }, 'fr')).toBe('unheard_of');
    expect(taskTitle({ kind: 'interpreter_notice', params: { noticeType: 'new_type', language: 'ps' }, title: null }, 'fr')).toBe(`Remettre l’avis «${NNBSP}new_type${NNBSP}» (pachto) avec un interprète`);
  });
});
