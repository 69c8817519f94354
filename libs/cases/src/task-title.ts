import { isMessageKey, languageNames, type Locale, translate } from '@escale/platform';
import type { Task } from './task.entity.js';

/** A code's words in the catalogue under `prefix`, or the code itself when the catalogue has none. */
const wordFor = (locale: Locale, prefix: string, code: string): string => {
  const key = `${prefix}.${code}`;
  return isMessageKey(key) ? translate(locale, key) : code;
};

/**
 * A task's title in the reader's language: a typed title as typed, the others worded from
 * their kind and params at read time, so a French reader never reads an English sentence.
 */
export function taskTitle(task: Pick<Task, 'kind' | 'params' | 'title'>, locale: Locale): string {
  const { params } = task;
  switch (task.kind) {
    case 'manual':
      return task.title ?? '';
    case 'interpreter_notice':
      return translate(locale, 'taskKind.interpreter_notice', {
        notice: wordFor(locale, 'noticeType', params.noticeType ?? ''),
        language: params.language ? (languageNames(locale).of(params.language) ?? params.language) : '',
      });
    case 'deadline':
      return wordFor(locale, 'deadlineTask', params.deadlineKind ?? '');
    case 'vulnerability_review':
      return translate(locale, 'taskKind.vulnerability_review', { type: wordFor(locale, 'vulnerabilityType', params.vulnerabilityType ?? '') });
    default:
      return translate(locale, `taskKind.${task.kind}`);
  }
}
