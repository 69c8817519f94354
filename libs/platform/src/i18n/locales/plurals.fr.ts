import type { pluralsEn } from './plurals.en.js';

/** Les formes au singulier des messages qui montrent un nombre : en français pour 0 et 1. */
export const pluralsFr: Record<keyof typeof pluralsEn, string> = {
  'centres.days.one': '{{count}} jour',
  'registerEntry.days.one': '{{count}} jour',
  'roster.done.one': '{{count}} personne enregistrée.',
  'roster.problem.one': '{{count}} ligne est à corriger ; les autres lignes sont enregistrées.',
  'interceptionPage.missing.one': '{{count}} interpellé mais pas enregistré.',
  'waitingPlan.confirm.one': 'Confirmer et faire entrer {{count}} personne',
  'waitingPlan.done.one': '{{count}} membre du foyer entré comme prévu.',
  'waitingPlan.failed.one': '{{name}} n’a pas pu entrer : {{reason}} {{count}} entré avant ; les autres restent sur la liste d’attente.',
  'register.csv.one': 'Télécharger la période en CSV ({{total}} ligne)',
  'agenda.caption.one': 'Échéances, la plus proche en premier : {{total}} élément. Les heures sont celles du fuseau horaire de chaque centre.',
  'holding.next.one': 'La prochaine prolongation est la n° {{sequence}}, de {{days}} jour.',
  'holding.notAllowed.next.one': 'La prolongation n° {{sequence}} est de {{days}} jour : saisissez {{days}}.',
  'welfareTimeline.extension.one': 'Prolongation du juge de {{days}} jour ({{decidedBy}}), placement autorisé jusqu’au',
  'reports.los.bucket.one': 'de {{from}} à {{to}} jour',
  'reports.los.againstMaximum.one': 'Par rapport à la durée légale maximale de {{days}} jour',
  'audit.csv.one': 'Télécharger {{total}} événement (CSV)',
  'sar.bytes.one': '{{count}} octet',
  'sar.audit.truncated.one': 'Les {{shown}} premiers de {{total}} événement sont listés ici.',
  'legal.confirm.extension_granted.one': 'Le placement est prolongé de {{days}} jour : le titre de rétention courra jusqu’au {{until}}.',
  'notices.print.intro.one': '{{count}} notification, dans la langue de la personne, sur une page imprimée.',
  'alerts.dutyContacts.intro.one': 'Une alerte urgente dont personne ne prend connaissance dans un délai de {{minutes}} minute est transmise aux personnes d’astreinte du centre, puis de nouveau après chaque délai de {{minutes}} minute jusqu’à ce que quelqu’un en prenne connaissance.',
  'dutyContacts.intro.one': 'Quand personne ne prend connaissance d’une alerte urgente de ce centre dans un délai de {{minutes}} minute, elle est transmise à ces personnes (dans Escale, et par courriel si l’envoi est configuré), puis de nouveau après chaque délai de {{minutes}} minute jusqu’à ce que quelqu’un en prenne connaissance.',
  'welfareBoard.unitRecorded.one': '« Vu, va bien » enregistré pour {{count}} personne dans {{unit}}.',
};
