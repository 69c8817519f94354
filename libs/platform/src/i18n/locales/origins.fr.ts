import type { originsEn } from './origins.en.js';

export const originsFr: Record<keyof typeof originsEn, string> = {
  'origins.languages.hint': 'La mieux comprise d’abord : les notices sont remises dans la langue principale quand elles existent dans cette langue. Tapez un nom et choisissez-le dans la liste, ou tapez un code (ps).',
  'origins.nationalities.hint': 'Tapez le nom d’un pays et choisissez-le dans la liste, ou tapez son code (AFG).',
  'origins.language.main': 'Langue principale',
  'origins.language.other': 'Parle aussi ({{number}})',
  'origins.nationality.first': 'Nationalité',
  'origins.nationality.other': 'Autre nationalité ({{number}})',
  'origins.add.language': 'Ajouter une langue',
  'origins.add.nationality': 'Ajouter une nationalité',
  'origins.moveUp': 'Monter',
  'origins.moveDown': 'Descendre',
  'origins.remove': 'Retirer',
  'origins.moved': '{{label}} : {{value}}',
  'origins.mainLanguage': '{{name}} (langue principale)',
  'origins.error.language': 'Choisissez une langue dans la liste, ou tapez son code (ps, prs).',
  'origins.error.languageTwice': 'Cette langue est déjà dans la liste.',
  'origins.error.languages': 'Indiquez au plus 10 langues.',
  'origins.error.nationality': 'Choisissez un pays dans la liste, ou tapez son code à trois lettres (AFG).',
  'origins.error.nationalityTwice': 'Cette nationalité est déjà dans la liste.',
  'origins.error.nationalities': 'Indiquez au plus 5 nationalités.',
};
