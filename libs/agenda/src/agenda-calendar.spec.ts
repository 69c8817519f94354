import { agendaCalendar } from './agenda-calendar.js';
import type { AgendaEntry } from './agenda.service.js';

const now = new Date('2026-11-20T21:40:00Z');
const centre = { code: 'CRA-LIL', name: 'CRA de Lille-Lesquin', timezone: 'Europe/Paris' };
const entries: AgendaEntry[] = [
  { kind: 'task', dueAt: '2026-11-18T09:00:00.000Z', overdue: true, centreId: 'c1', personId: 'p1', caseId: 'case-1', taskId: 'task-1', centre, personName: 'Amir NOOR' },
  { kind: 'authority_expiry', dueAt: '2026-11-24T21:40:00.000Z', overdue: false, centreId: 'c1', personId: 'p2', stayId: 'stay-2', caseId: 'case-2', centre, personName: 'Sara OMAR' },
];
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe('agendaCalendar', () => {
  it('makes one event per item: what (translated), where, when and a link, with a stable uid', () => {
    const text = unfold(agendaCalendar(entries, { locale: 'en', publicUrl: 'https://escale.example', now }));
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(text).toContain('UID:task-task-1@escale');
    expect(text).toContain('UID:authority_expiry-stay-2@escale');
    expect(text).toContain('SUMMARY:Overdue: Task due');
    expect(text).toContain('SUMMARY:Holding authority ends');
    expect(text).toContain('DTSTART:20261124T214000Z');
    expect(text).toContain('LOCATION:CRA de Lille-Lesquin (CRA-LIL)');
    expect(text).toContain('URL;VALUE=URI:https://escale.example/stays/stay-2#holding');
    expect(text).toContain('URL;VALUE=URI:https://escale.example/cases/case-1#tasks');
    expect(text).toContain('TRANSP:TRANSPARENT');
    expect(text).toContain('X-WR-CALNAME:Escale agenda');
  });

  it('speaks French when asked', () => {
    const text = unfold(agendaCalendar(entries, { locale: 'fr', publicUrl: 'https://escale.example', now }));
    expect(text).toContain('SUMMARY:En retard\u202f: Tâche à faire');
    expect(text).toContain('X-WR-CALNAME:Agenda Escale');
  });

  it('never carries the names it was given', () => {
    const text = agendaCalendar(entries, { locale: 'en', publicUrl: 'https://escale.example', now }).toLowerCase();
    for (const word of ['amir', 'noor', 'sara', 'omar']) expect(text).not.toContain(word);
  });
});
