/**
 * A labelled set for measuring duplicate matching: people recorded once, the other ways the same
 * person's name is written at a later arrival (Latin transliterations of Arabic, Persian, Pashto,
 * Tigrinya and Vietnamese names, as interpreters, police and the people themselves write them),
 * and a population of other people with the same common names around them.
 *
 * Every name is built from name words, each with a key and its usual spellings: two people whose
 * given and family name keys are the same are namesakes (a related name, possibly another person);
 * any other name is unrelated.
 */

export type Sex = 'male' | 'female';

export interface RecordedPerson {
  givenNames: string;
  familyName: string;
  dateOfBirth: string;
  dobEstimated: boolean;
  sex: Sex;
  nationalities: string[];
  languages: string[];
  /** given and family name keys, e.g. "mohammad hosseini". */
  nameKey: string;
}

/** How the date of birth is given at the later arrival. */
export type BirthVariant = 'same' | 'estimated' | 'swapped' | 'estimated_year_off';

export interface NameVariant {
  givenNames: string;
  familyName: string;
  birth?: BirthVariant;
  /** A nationality declared differently this time. */
  nationalities?: string[];
}

export interface LabelledIdentity {
  recorded: RecordedPerson;
  variants: NameVariant[];
}

interface NameWord {
  key: string;
  spellings: string[];
}

const w = (key: string, ...spellings: string[]): NameWord => ({ key, spellings });

interface NamePool {
  nationalities: string[];
  languages: string[];
  male: NameWord[];
  female: NameWord[];
  family: NameWord[];
}

/** Common names by origin, each with its usual Latin spellings. */
export const NAME_POOLS: NamePool[] = [
  {
    nationalities: ['AFG'],
    languages: ['ps', 'prs'],
    male: [
      w('mohammad', 'Mohammad', 'Muhammad', 'Mohammed', 'Mohamad'),
      w('ahmad', 'Ahmad', 'Ahmed'),
      w('gul', 'Gul', 'Gol'),
      w('abdullah', 'Abdullah', 'Abdollah', 'Abdulla'),
      w('noorullah', 'Noorullah', 'Nurullah', 'Noorollah'),
      w('zabihullah', 'Zabihullah', 'Zabiullah'),
      w('hamid', 'Hamid', 'Hameed'),
      w('farid', 'Farid', 'Fareed'),
      w('jawad', 'Jawad', 'Javad'),
      w('sayed', 'Sayed', 'Sayyid', 'Sayyed'),
      w('rahmatullah', 'Rahmatullah', 'Rahmatollah'),
      w('bilal', 'Bilal', 'Belal'),
      w('wahid', 'Wahid', 'Waheed', 'Vahid'),
    ],
    female: [w('fatima', 'Fatima', 'Fatemeh', 'Fatema'), w('zahra', 'Zahra', 'Zahraa'), w('maryam', 'Maryam', 'Mariam'), w('shabnam', 'Shabnam')],
    family: [
      w('ahmadi', 'Ahmadi', 'Ahmady'),
      w('hosseini', 'Hosseini', 'Husseini', 'Husaini', 'Hussaini'),
      w('ahmadzai', 'Ahmadzai', 'Ahmadzay'),
      w('rahimi', 'Rahimi', 'Raheemi'),
      w('karimi', 'Karimi', 'Kareemi'),
      w('safi', 'Safi', 'Safee'),
      w('stanikzai', 'Stanikzai', 'Stanekzai'),
      w('mohammadi', 'Mohammadi', 'Muhammadi', 'Mohamadi'),
      w('sultani', 'Sultani', 'Soltani'),
      w('noori', 'Noori', 'Nouri', 'Nuri'),
      w('yousafzai', 'Yousafzai', 'Yousufzai', 'Yusufzai'),
      w('haidari', 'Haidari', 'Haideri', 'Heydari'),
      w('amiri', 'Amiri', 'Ameeri'),
      w('wardak', 'Wardak', 'Vardak'),
    ],
  },
  {
    nationalities: ['IRN'],
    languages: ['fa'],
    male: [
      w('hossein', 'Hossein', 'Hussein', 'Hosein'),
      w('reza', 'Reza', 'Rezza'),
      w('mehdi', 'Mehdi', 'Mahdi'),
      w('amir', 'Amir', 'Ameer'),
      w('mostafa', 'Mostafa', 'Mustafa', 'Moustafa'),
      w('ebrahim', 'Ebrahim', 'Ibrahim'),
      w('saeed', 'Saeed', 'Saeid'),
      w('behnam', 'Behnam', 'Bahnam'),
    ],
    female: [w('shirin', 'Shirin', 'Chirine', 'Shireen'), w('leila', 'Leila', 'Leyla', 'Layla'), w('narges', 'Narges', 'Nargis')],
    family: [
      w('rezaei', 'Rezaei', 'Rezaee', 'Rezai'),
      w('mousavi', 'Mousavi', 'Musavi', 'Moosavi'),
      w('jafari', 'Jafari', 'Jaafari', 'Djafari'),
      w('ghasemi', 'Ghasemi', 'Qasemi', 'Ghassemi'),
      w('sadeghi', 'Sadeghi', 'Sadeqi'),
      w('hosseini', 'Hosseini', 'Husseini', 'Hoseini'),
      w('karimi', 'Karimi', 'Kareemi'),
      w('ahmadi', 'Ahmadi', 'Ahmady'),
      w('rostami', 'Rostami', 'Rustami'),
      w('kazemi', 'Kazemi', 'Kasemi', 'Kazimi'),
    ],
  },
  {
    nationalities: ['SYR', 'IRQ', 'SDN', 'EGY'],
    languages: ['ar'],
    male: [
      w('mohammad', 'Mohammed', 'Mohamed', 'Muhammad', 'Mohamad'),
      w('ahmad', 'Ahmed', 'Ahmad'),
      w('mahmoud', 'Mahmoud', 'Mahmud', 'Mahmood'),
      w('hassan', 'Hassan', 'Hasan'),
      w('hossein', 'Hussein', 'Hussain', 'Husein'),
      w('omar', 'Omar', 'Umar'),
      w('khaled', 'Khaled', 'Khalid'),
      w('youssef', 'Youssef', 'Yousef', 'Yusuf', 'Yousif'),
      w('abdulrahman', 'Abdulrahman', 'Abdul Rahman', 'Abderrahmane', 'Abdelrahman', 'Abdurrahman'),
      w('abdullah', 'Abdullah', 'Abdallah'),
      w('mustafa', 'Mustafa', 'Moustafa', 'Mostafa'),
      w('ibrahim', 'Ibrahim', 'Ebrahim'),
      w('osman', 'Osman', 'Othman', 'Uthman'),
      w('ali', 'Ali', 'Aly'),
      w('karim', 'Karim', 'Kareem'),
    ],
    female: [w('fatima', 'Fatima', 'Fatma', 'Fatimah'), w('aisha', 'Aisha', 'Aicha', 'Aysha'), w('amal', 'Amal', 'Amel'), w('rania', 'Rania', 'Ranya')],
    family: [
      w('alhassan', 'Al Hassan', 'Alhassan', 'El Hassan'),
      w('haddad', 'Haddad', 'Hadad'),
      w('khalil', 'Khalil', 'Khaleel'),
      w('saleh', 'Saleh', 'Salih'),
      w('hamdan', 'Hamdan', 'Hamdane'),
      w('mansour', 'Mansour', 'Mansur', 'Mansoor'),
      w('darwish', 'Darwish', 'Darwiche', 'Derwich'),
      w('nasser', 'Nasser', 'Naser', 'Nasir'),
      w('suleiman', 'Suleiman', 'Sulaiman', 'Soliman', 'Sleiman'),
      w('adam', 'Adam', 'Adem'),
      w('abakar', 'Abakar', 'Abbakar'),
      w('ismail', 'Ismail', 'Ismael', 'Esmail'),
      w('jaber', 'Jaber', 'Jabir'),
      w('yassin', 'Yassin', 'Yasin', 'Yacine'),
    ],
  },
  {
    nationalities: ['ERI', 'ETH'],
    languages: ['ti'],
    male: [
      w('tesfay', 'Tesfay', 'Tesfaye', 'Tesfai'),
      w('yonas', 'Yonas', 'Yonass'),
      w('dawit', 'Dawit', 'Dawitt'),
      w('mebrahtu', 'Mebrahtu', 'Mebrhatu'),
      w('semere', 'Semere', 'Semer'),
      w('filmon', 'Filmon', 'Philemon', 'Filimon'),
      w('yemane', 'Yemane', 'Yemani'),
      w('tekle', 'Tekle', 'Teklay'),
      w('mulugeta', 'Mulugeta', 'Mulugheta'),
      w('kibrom', 'Kibrom', 'Kbrom'),
    ],
    female: [w('senait', 'Senait', 'Senayt'), w('selam', 'Selam', 'Salam'), w('helen', 'Helen', 'Hellen'), w('freweini', 'Freweini', 'Frewoini')],
    family: [
      w('gebremedhin', 'Gebremedhin', 'Gebremedin', 'Ghebremedhin'),
      w('tesfamariam', 'Tesfamariam', 'Tesfamaryam'),
      w('gebreyesus', 'Gebreyesus', 'Ghebreyesus'),
      w('habte', 'Habte', 'Habtay'),
      w('woldemichael', 'Woldemichael', 'Weldemichael', 'Woldemikael'),
      w('kidane', 'Kidane', 'Kidan'),
      w('mehari', 'Mehari', 'Mehary'),
      w('tsegay', 'Tsegay', 'Tsegaye', 'Tsegai'),
      w('abraha', 'Abraha', 'Abreha'),
      w('berhane', 'Berhane', 'Berhan'),
      w('ghebrehiwet', 'Ghebrehiwet', 'Gebrehiwet'),
    ],
  },
  {
    nationalities: ['VNM'],
    languages: ['vi'],
    male: [
      w('van an', 'Van An', 'Văn An'),
      w('van minh', 'Van Minh', 'Văn Minh'),
      w('van hung', 'Van Hung', 'Văn Hùng'),
      w('duc tuan', 'Duc Tuan', 'Đức Tuấn'),
      w('van long', 'Van Long', 'Văn Long'),
      w('quang nam', 'Quang Nam', 'Quang Nam'),
      w('minh quan', 'Minh Quan', 'Minh Quân'),
    ],
    female: [w('thi lan', 'Thi Lan', 'Thị Lan'), w('thi huong', 'Thi Huong', 'Thị Hương'), w('thi mai', 'Thi Mai', 'Thị Mai')],
    family: [
      w('nguyen', 'Nguyen', 'Nguyễn'),
      w('tran', 'Tran', 'Trần'),
      w('le', 'Le', 'Lê'),
      w('pham', 'Pham', 'Phạm'),
      w('hoang', 'Hoang', 'Hoàng'),
      w('vu', 'Vu', 'Vũ'),
      w('dang', 'Dang', 'Đặng'),
      w('bui', 'Bui', 'Bùi'),
      w('do', 'Do', 'Đỗ'),
    ],
  },
];

/**
 * People recorded once, and how their names were written at a later arrival: other
 * transliterations, a name written in one word or two, diacritics kept or lost, family and given
 * names swapped, a Vietnamese middle name dropped, a letter wrong; the date of birth the same,
 * estimated again, or with day and month swapped.
 */
export const LABELLED_IDENTITIES: LabelledIdentity[] = [
  identity(['Mohammad', 'Hosseini', '1990-03-12', 'AFG', 'mohammad hosseini'], [['Muhammad', 'Husseini'], ['Mohammed', 'Hosseini', 'estimated'], ['Mohamad', 'Husaini'], ['Mohammad', 'Hossaini', 'swapped']]),
  identity(['Mohammad', 'Rahimi', '1996-07-21', 'AFG', 'mohammad rahimi'], [['Muhammad', 'Rahimi'], ['Mohammed', 'Raheemi'], ['Rahimi', 'Mohammad', 'estimated']]),
  identity(['Gul', 'Ahmadzai', '2001-02-03', 'AFG', 'gul ahmadzai'], [['Gol', 'Ahmadzay'], ['Gul', 'Ahmadzay', 'estimated'], ['Gul', 'Ahmadzai', 'swapped']]),
  identity(['Noorullah', 'Stanikzai', '1999-11-30', 'AFG', 'noorullah stanikzai'], [['Nurullah', 'Stanekzai'], ['Noorollah', 'Stanikzai'], ['Noor Ullah', 'Stanikzai', 'estimated']]),
  identity(['Zabihullah', 'Noori', '2003-05-09', 'AFG', 'zabihullah noori'], [['Zabiullah', 'Nouri'], ['Zabihullah', 'Nuri', 'estimated_year_off'], ['Zabihulla', 'Noori']]),
  identity(['Abdullah', 'Yousafzai', '1994-09-14', 'AFG', 'abdullah yousafzai'], [['Abdollah', 'Yousufzai'], ['Abdulla', 'Yusufzai'], ['Abdul Lah', 'Yousafzai', 'estimated']]),
  identity(['Farid', 'Haidari', '1988-12-01', 'AFG', 'farid haidari'], [['Fareed', 'Heydari'], ['Farid', 'Haideri', 'swapped'], ['Fareed', 'Haidary']]),
  identity(['Jawad', 'Karimi', '2000-04-17', 'AFG', 'jawad karimi'], [['Javad', 'Karimi', undefined, ['IRN']], ['Jawad', 'Kareemi'], ['Jawaad', 'Karimi', 'estimated']]),
  identity(['Sayed', 'Mohammadi', '1992-06-25', 'AFG', 'sayed mohammadi'], [['Sayyid', 'Muhammadi'], ['Said', 'Mohamadi'], ['Sayed', 'Mohammady', 'estimated']]),
  identity(['Fatima', 'Ahmadi', '1997-08-08', 'AFG', 'fatima ahmadi', 'female'], [['Fatemeh', 'Ahmadi'], ['Fatima', 'Ahmady', 'estimated'], ['Fatema', 'Ahmadi']]),
  identity(['Hossein', 'Rezaei', '1985-01-19', 'IRN', 'hossein rezaei'], [['Hussein', 'Rezaee'], ['Hosein', 'Rezai'], ['Hossein', 'Rezaie', 'swapped']]),
  identity(['Mehdi', 'Mousavi', '1993-10-05', 'IRN', 'mehdi mousavi'], [['Mahdi', 'Musavi'], ['Mehdi', 'Moosavi', 'estimated'], ['Mehdy', 'Mousawi']]),
  identity(['Mostafa', 'Jafari', '1998-03-27', 'IRN', 'mostafa jafari'], [['Mustafa', 'Jaafari'], ['Moustafa', 'Djafari'], ['Mostafa', 'Jafary', 'estimated']]),
  identity(['Reza', 'Ghasemi', '1991-07-07', 'IRN', 'reza ghasemi'], [['Reza', 'Qasemi'], ['Riza', 'Ghassemi'], ['Reza', 'Gasemi', 'estimated_year_off']]),
  identity(['Shirin', 'Sadeghi', '1995-02-14', 'IRN', 'shirin sadeghi', 'female'], [['Chirine', 'Sadeqi'], ['Shireen', 'Sadeghi'], ['Shirin', 'Sadegi', 'estimated']]),
  identity(['Mohammed', 'Al Hassan', '1989-04-30', 'SYR', 'mohammad alhassan'], [['Muhammad', 'Alhassan'], ['Mohamed', 'El Hassan'], ['Mohammad', 'Al-Hasan', 'estimated']]),
  identity(['Abdulrahman', 'Haddad', '1994-11-11', 'SYR', 'abdulrahman haddad'], [['Abdul Rahman', 'Haddad'], ['Abderrahmane', 'Hadad'], ['Abdelrahman', 'Haddad', 'estimated'], ['Abdurrahman', 'Hadad']]),
  identity(['Khaled', 'Mansour', '2000-09-02', 'SYR', 'khaled mansour'], [['Khalid', 'Mansur'], ['Khaled', 'Mansoor', 'swapped'], ['Khalid', 'Mansour', 'estimated']]),
  identity(['Youssef', 'Darwish', '1997-12-24', 'SYR', 'youssef darwish'], [['Yusuf', 'Darwiche'], ['Yousef', 'Derwich'], ['Yousif', 'Darwish', 'estimated']]),
  identity(['Mahmoud', 'Khalil', '1986-05-15', 'EGY', 'mahmoud khalil'], [['Mahmud', 'Khaleel'], ['Mahmood', 'Khalil'], ['Mahmoud', 'Kalil', 'estimated']]),
  identity(['Hassan', 'Suleiman', '1999-08-19', 'SDN', 'hassan suleiman'], [['Hasan', 'Sulaiman'], ['Hassan', 'Soliman', 'estimated'], ['Hasan', 'Sleiman']]),
  identity(['Omar', 'Adam', '2002-01-10', 'SDN', 'omar adam'], [['Umar', 'Adam'], ['Omar', 'Adem', 'estimated'], ['Adam', 'Omar']]),
  identity(['Ibrahim', 'Abakar', '1995-06-06', 'SDN', 'ibrahim abakar'], [['Ebrahim', 'Abbakar'], ['Ibrahim', 'Abakar', 'estimated_year_off'], ['Brahim', 'Abakar']]),
  identity(['Hussein', 'Nasser', '1990-10-28', 'IRQ', 'hossein nasser'], [['Hussain', 'Naser'], ['Husein', 'Nasir'], ['Hussein', 'Nasser', 'estimated']]),
  identity(['Osman', 'Ismail', '1993-03-03', 'IRQ', 'osman ismail'], [['Othman', 'Ismael'], ['Uthman', 'Esmail'], ['Osman', 'Ismaeel', 'estimated']]),
  identity(['Aisha', 'Saleh', '2004-07-12', 'SYR', 'aisha saleh', 'female'], [['Aicha', 'Salih'], ['Aysha', 'Saleh', 'estimated'], ['Aisha', 'Salah']]),
  identity(['Tesfay', 'Gebremedhin', '1998-06-15', 'ERI', 'tesfay gebremedhin'], [['Tesfaye', 'Gebremedhin'], ['Tesfai', 'Ghebremedhin'], ['Tesfay', 'Gebremedin', 'swapped'], ['Tesfaye', 'Gebre Medhin', 'estimated']]),
  identity(['Yonas', 'Tesfamariam', '2001-09-09', 'ERI', 'yonas tesfamariam'], [['Yonas', 'Tesfamaryam'], ['Yonass', 'Tesfa Mariam'], ['Yonas', 'Tesfamariam', 'estimated']]),
  identity(['Filmon', 'Gebreyesus', '1996-04-04', 'ERI', 'filmon gebreyesus'], [['Philemon', 'Ghebreyesus'], ['Filimon', 'Gebreyesus'], ['Filmon', 'Gebre Yesus', 'estimated']]),
  identity(['Semere', 'Woldemichael', '1994-02-20', 'ERI', 'semere woldemichael'], [['Semer', 'Weldemichael'], ['Semere', 'Woldemikael'], ['Semere', 'Wolde Michael', 'estimated']]),
  identity(['Yemane', 'Tsegay', '1992-12-12', 'ERI', 'yemane tsegay'], [['Yemani', 'Tsegaye'], ['Yemane', 'Tsegai', 'estimated'], ['Yemane', 'Tsegay', 'swapped']]),
  identity(['Senait', 'Kidane', '2000-10-10', 'ERI', 'senait kidane', 'female'], [['Senayt', 'Kidane'], ['Senait', 'Kidan', 'estimated'], ['Kidane', 'Senait']]),
  identity(['Dawit', 'Abraha', '1997-05-23', 'ETH', 'dawit abraha'], [['Dawitt', 'Abreha'], ['Dawit', 'Abreha', 'estimated'], ['Dawit', 'Abrha']]),
  identity(['Van An', 'Nguyen', '1999-01-25', 'VNM', 'van an nguyen'], [['Văn An', 'Nguyễn'], ['An', 'Nguyen Van'], ['Nguyen Van', 'An', 'estimated'], ['Van An', 'Nguyen', 'swapped']]),
  identity(['Duc Tuan', 'Tran', '2003-08-14', 'VNM', 'duc tuan tran'], [['Đức Tuấn', 'Trần'], ['Tuan', 'Tran Duc'], ['Duc Tuan', 'Tran', 'estimated']]),
  identity(['Thi Lan', 'Pham', '2005-03-18', 'VNM', 'thi lan pham', 'female'], [['Thị Lan', 'Phạm'], ['Lan', 'Pham Thi'], ['Thi Lan', 'Pham', 'estimated']]),
  identity(['Van Hung', 'Le', '1995-11-02', 'VNM', 'van hung le'], [['Văn Hùng', 'Lê'], ['Hung', 'Le Van'], ['Van Hung', 'Le', 'swapped']]),
  identity(['Minh Quan', 'Hoang', '2002-06-30', 'VNM', 'minh quan hoang'], [['Minh Quân', 'Hoàng'], ['Quan', 'Hoang Minh'], ['Minh Quan', 'Hoang', 'estimated']]),
];

type RecordedSpec = [givenNames: string, familyName: string, dateOfBirth: string, nationality: string, nameKey: string, sex?: Sex];
type VariantSpec = [givenNames: string, familyName: string, birth?: BirthVariant, nationalities?: string[]];

function identity([givenNames, familyName, dateOfBirth, nationality, nameKey, sex = 'male']: RecordedSpec, variants: VariantSpec[]): LabelledIdentity {
  const pool = NAME_POOLS.find((candidate) => candidate.nationalities.includes(nationality))!;
  return {
    recorded: { givenNames, familyName, dateOfBirth, dobEstimated: false, sex, nationalities: [nationality], languages: pool.languages, nameKey },
    variants: variants.map(([variantGiven, variantFamily, birth = 'same', nationalities]) => ({ givenNames: variantGiven, familyName: variantFamily, birth, nationalities })),
  };
}

/** The date of birth a later arrival gives, from the recorded one. */
export function variantBirth(recorded: string, birth: BirthVariant = 'same'): { dateOfBirth: string; dobEstimated: boolean } {
  const [year, month, day] = recorded.split('-');
  switch (birth) {
    case 'same':
      return { dateOfBirth: recorded, dobEstimated: false };
    case 'estimated':
      return { dateOfBirth: `${year}-01-01`, dobEstimated: true };
    case 'estimated_year_off':
      return { dateOfBirth: `${Number(year) + 1}-01-01`, dobEstimated: true };
    case 'swapped':
      return Number(day) <= 12 ? { dateOfBirth: `${year}-${day}-${month}`, dobEstimated: false } : { dateOfBirth: recorded, dobEstimated: false };
  }
}

/** A small deterministic generator, so the population is the same at every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function randomDate(random: () => number, fromYear: number, toYear: number): string {
  const year = fromYear + Math.floor(random() * (toYear - fromYear + 1));
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Other people, from the same common names: each of the labelled people has two namesakes
 * (the same name, another person born another year), and the rest are drawn from the pools,
 * with the spellings each pool uses. None of them is one of the labelled people.
 */
export function population(size: number, seed = 14): RecordedPerson[] {
  const random = seeded(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const people: RecordedPerson[] = [];
  for (const { recorded } of LABELLED_IDENTITIES) {
    for (const shift of [-7, 9]) {
      const year = Number(recorded.dateOfBirth.slice(0, 4)) + shift;
      people.push({ ...recorded, dateOfBirth: `${year}${randomDate(random, 2000, 2000).slice(4)}`, dobEstimated: random() < 0.3 });
    }
  }
  while (people.length < size) {
    const pool = pick(NAME_POOLS);
    const sex: Sex = random() < 0.8 ? 'male' : 'female';
    const given = pick(sex === 'male' ? pool.male : pool.female);
    const family = pick(pool.family);
    people.push({
      givenNames: pick(given.spellings),
      familyName: pick(family.spellings),
      dateOfBirth: randomDate(random, 1970, 2007),
      dobEstimated: random() < 0.3,
      sex,
      nationalities: [pick(pool.nationalities)],
      languages: pool.languages,
      nameKey: `${given.key} ${family.key}`,
    });
  }
  return people;
}

/** New arrivals recorded nowhere yet, with common names: any duplicate offered for them is noise, or a namesake. */
export function newcomers(size: number, seed = 1414): RecordedPerson[] {
  return population(size + LABELLED_IDENTITIES.length * 2, seed).slice(LABELLED_IDENTITIES.length * 2);
}
