import type { NewPersonDto } from '@escale/people';
import type { Random } from './random.js';
import { GROUPS, PEOPLE } from './rates.js';

/** Nationalities of people crossing the Channel in small boats (2024-25), most first, with their languages (DOMAIN.md). */
const NATIONALITIES: Record<string, { weight: number; languages: string[][]; male: string[]; female: string[]; family: string[] }> = {
  AFG: { weight: 18, languages: [['prs'], ['ps'], ['prs', 'ps']], male: ['Ahmad', 'Mohammad', 'Ali Reza', 'Farid', 'Jawad', 'Rahim', 'Naveed', 'Sohail'], female: ['Zahra', 'Marzia', 'Fatima', 'Nargis'], family: ['Hosseini', 'Ahmadzai', 'Karimi', 'Rahimi', 'Noori', 'Sultani', 'Haidari'] },
  SYR: { weight: 14, languages: [['ar']], male: ['Omar', 'Khaled', 'Yusuf', 'Mahmoud', 'Hassan', 'Bilal'], female: ['Rana', 'Lina', 'Amal', 'Hiba'], family: ['Al-Hassan', 'Haddad', 'Khalil', 'Darwish', 'Saleh', 'Hamdan'] },
  IRN: { weight: 11, languages: [['fa'], ['fa', 'ckb']], male: ['Reza', 'Mehdi', 'Amir', 'Saeed', 'Kaveh', 'Arash'], female: ['Maryam', 'Shirin', 'Leila', 'Parisa'], family: ['Moradi', 'Rezaei', 'Karimpour', 'Jafari', 'Ahmadi'] },
  VNM: { weight: 10, languages: [['vi']], male: ['Van Minh', 'Duc Anh', 'Quang Huy', 'Thanh Long'], female: ['Thi Lan', 'Thu Trang', 'Ngoc Anh'], family: ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang'] },
  ERI: { weight: 9, languages: [['ti']], male: ['Yonas', 'Tesfay', 'Filmon', 'Merhawi', 'Semere'], female: ['Helen', 'Senait', 'Luwam', 'Selam'], family: ['Tekle', 'Ghebremedhin', 'Haile', 'Berhane', 'Kidane'] },
  SDN: { weight: 8, languages: [['ar']], male: ['Mohamed', 'Abdelrahman', 'Osman', 'Ibrahim', 'Adam'], female: ['Amna', 'Hawa', 'Mariam'], family: ['Abdallah', 'Elnour', 'Ismail', 'Yagoub', 'Babiker'] },
  IRQ: { weight: 8, languages: [['ckb'], ['ar'], ['kmr']], male: ['Karwan', 'Aram', 'Hawre', 'Dilshad', 'Mustafa'], female: ['Shilan', 'Nazdar', 'Rozhin'], family: ['Ahmed', 'Kareem', 'Rashid', 'Aziz', 'Qadir'] },
  ETH: { weight: 5, languages: [['am']], male: ['Dawit', 'Abel', 'Mulugeta', 'Tadesse'], female: ['Hana', 'Meron', 'Tigist'], family: ['Bekele', 'Tesfaye', 'Girma', 'Alemu'] },
  TUR: { weight: 5, languages: [['tr'], ['kmr', 'tr']], male: ['Mehmet', 'Emre', 'Baran', 'Serkan'], female: ['Elif', 'Zeynep', 'Rojda'], family: ['Yilmaz', 'Demir', 'Kaya', 'Aydin'] },
  EGY: { weight: 4, languages: [['ar']], male: ['Ahmed', 'Mostafa', 'Karim', 'Tarek'], female: ['Nour', 'Yasmin', 'Dina'], family: ['Mansour', 'Farouk', 'Sayed', 'Gamal'] },
  SOM: { weight: 4, languages: [['so']], male: ['Abdi', 'Liban', 'Hamza', 'Abdullahi'], female: ['Hodan', 'Sahra', 'Ifrah'], family: ['Warsame', 'Farah', 'Hersi', 'Jama'] },
  ALB: { weight: 4, languages: [['sq']], male: ['Arben', 'Klevis', 'Erion', 'Besnik'], female: ['Elira', 'Anisa', 'Drita'], family: ['Hoxha', 'Shehu', 'Krasniqi', 'Gashi'] },
};

const NATIONALITY_WEIGHTS = Object.fromEntries(Object.entries(NATIONALITIES).map(([code, n]) => [code, n.weight])) as Record<string, number>;

export type GroupKind = 'family' | 'disputedAge' | 'unaccompaniedMinor' | 'singleWoman' | 'singleMan';

/** Someone on a boat, as the simulation knows them (the truth) and as staff will record them (the DTO). */
export interface Arrival {
  /** What staff record at check-in. */
  record: NewPersonDto;
  group: GroupKind;
  /** Index of the group on the boat: a family shares one. */
  groupIndex: number;
  /** Under 18 by the date of birth recorded. */
  recordedMinor: boolean;
  /** The age is disputed: recorded adult, says 16. */
  ageDisputed: boolean;
  /** For a disputed age: what the assessment will find. */
  assessedAs?: 'adult' | 'minor' | 'inconclusive';
}

const iso = (date: Date) => date.toISOString().slice(0, 10);

/** A date of birth giving this age (in whole years) on the day `at`, at a random day of that year of life. */
function birthDateForAge(random: Random, at: Date, age: number): string {
  const latest = new Date(Date.UTC(at.getUTCFullYear() - age, at.getUTCMonth(), at.getUTCDate()));
  const daysBack = random.int(1, 360);
  return iso(new Date(latest.getTime() - daysBack * 86_400_000));
}

function languagesOf(random: Random, nationality: string, adult: boolean): string[] {
  const languages = [...random.pick(NATIONALITIES[nationality].languages)];
  if (adult && random.chance(PEOPLE.speaksEnglish)) languages.push('en');
  if (adult && random.chance(PEOPLE.speaksFrench)) languages.push('fr');
  return languages;
}

function person(random: Random, input: { nationality: string; sex: 'male' | 'female'; age: number; at: Date; familyName?: string; dobEstimated?: boolean; ageDisputed?: boolean }): NewPersonDto {
  const names = NATIONALITIES[input.nationality];
  return {
    familyName: input.familyName ?? random.pick(names.family),
    givenNames: random.pick(input.sex === 'male' ? names.male : names.female),
    dateOfBirth: birthDateForAge(random, input.at, input.age),
    dobEstimated: input.dobEstimated ?? random.chance(PEOPLE.dobEstimated),
    ageDisputed: input.ageDisputed ?? false,
    sex: input.sex,
    nationalities: [input.nationality],
    languages: languagesOf(random, input.nationality, input.age >= 18),
  };
}

/** The people on one boat of `size`, intercepted at `at`, in groups. */
export function boatload(random: Random, size: number, at: Date): Arrival[] {
  const arrivals: Arrival[] = [];
  let groupIndex = 0;
  while (arrivals.length < size) {
    const nationality = random.weighted(NATIONALITY_WEIGHTS);
    const group = random.weighted(GROUPS) as GroupKind;
    groupIndex += 1;
    if (group === 'family') {
      const members = Math.min(random.int(PEOPLE.familySizeMin, PEOPLE.familySizeMax), size - arrivals.length);
      if (members < 2) continue;
      const familyName = random.pick(NATIONALITIES[nationality].family);
      const parents = members === 2 ? 1 : 2;
      for (let i = 0; i < members; i++) {
        const isParent = i < parents;
        const sex = isParent ? (i === 0 ? 'male' : 'female') : random.pick(['male', 'female'] as const);
        const age = isParent ? random.int(24, 48) : random.int(0, 16);
        const record = person(random, { nationality, sex, age, at, familyName, dobEstimated: false });
        arrivals.push({ record, group, groupIndex, recordedMinor: age < 18, ageDisputed: false });
      }
    } else if (group === 'disputedAge') {
      // Says 16; the police record an estimated adult date of birth.
      const record = person(random, { nationality, sex: random.chance(0.9) ? 'male' : 'female', age: random.int(19, 23), at, dobEstimated: true, ageDisputed: true });
      arrivals.push({ record, group, groupIndex, recordedMinor: false, ageDisputed: true, assessedAs: random.weighted(PEOPLE.disputedOutcome) });
    } else if (group === 'unaccompaniedMinor') {
      const record = person(random, { nationality, sex: random.chance(0.85) ? 'male' : 'female', age: random.int(15, 17), at, dobEstimated: true });
      arrivals.push({ record, group, groupIndex, recordedMinor: true, ageDisputed: false });
    } else {
      const sex = group === 'singleWoman' ? 'female' : 'male';
      const age = random.chance(0.03) ? random.int(60, 72) : random.int(18, 45);
      arrivals.push({ record: person(random, { nationality, sex, age, at }), group, groupIndex, recordedMinor: false, ageDisputed: false });
    }
  }
  return arrivals;
}

export const LANDING_PLACES = [
  'Gravelines, plage du Clipon',
  'Wimereux, pointe aux Oies',
  'Équihen-Plage',
  'Dunkerque, plage de Malo-les-Bains',
  'Boulogne-sur-Mer, port',
  'Sangatte, cap Blanc-Nez',
  'Hardelot-Plage',
  'Le Portel',
] as const;

export const AGENCIES = ['Police aux frontières', 'Gendarmerie maritime', 'CROSS Gris-Nez'] as const;
