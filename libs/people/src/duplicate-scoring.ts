import { distance } from 'fastest-levenshtein';
import { normaliseName } from './name-matching.js';

/**
 * How alike a new arrival and a person already recorded are, from everything known of both.
 *
 * Names come first, compared word by word: the same word scores 1, two spellings of the same
 * sounds (Mohammad and Muhammad, Hosseini and Husseini, Tesfay and Tesfaye) 0.9, and any other
 * pair by its edit distance, below that. A consonant skeleton alone (Hassan and Husseini are both
 * h-s-n) is not enough: it finds people, it does not score them. Very common words (Mohammad, Ali,
 * Van, Thi) weigh less than the rest of a name. Then what else is known moves the score: the same
 * date of birth, or one a clerk's slip away, raises it; another sex or a date of birth years
 * apart lowers it; a shared nationality raises it a little. A shared identity document settles it.
 */

export interface IdentifierEvidence {
  kind: string;
  value: string;
  issuingCountry?: string | null;
}

/** What is known of a person, on either side of the comparison. */
export interface MatchSubject {
  familyName: string;
  givenNames: string;
  aliases?: readonly string[];
  /** YYYY-MM-DD */
  dateOfBirth?: string | null;
  dobEstimated?: boolean | null;
  sex?: string | null;
  nationalities?: readonly string[] | null;
  /** Identity documents, where both sides have them. */
  identifiers?: readonly IdentifierEvidence[] | null;
}

export interface DuplicateScore {
  score: number;
  /** How alike the names are alone, 0 to 1. */
  name: number;
  /** What moved the score, for staff deciding: names, date of birth, sex, nationality, identifier. */
  evidence: MatchEvidence[];
}

export type MatchEvidence = 'same_name' | 'similar_name' | 'same_date_of_birth' | 'close_date_of_birth' | 'other_date_of_birth' | 'other_sex' | 'shared_nationality' | 'other_nationality' | 'same_identifier';

/** Below this, the names are too far apart for anything else to make a possible duplicate. */
export const NAME_FLOOR = 0.6;
/** A possible duplicate is shown from this score. */
export const DUPLICATE_THRESHOLD = 0.5;

const NAME_WEIGHT = 0.75;
const SOUND_ALIKE = 0.9;
/** A close spelling that is not the same sounds scores at most this fraction of its edit similarity. */
const CLOSE_SPELLING = 0.85;
/** Words shared by so many people that they say little about who someone is. */
const COMMON_WORDS = new Set(['muhamad', 'mahamad', 'ali', 'ahmad', 'abd', 'al', 'il', 'bin', 'ibn', 'bint', 'uld', 'van', 'tai', 'ti', 'dinh', 'ab']);
const COMMON_WEIGHT = 0.4;
/** Two words less alike than this are two different words, not two spellings of one. */
const WORD_FLOOR = 0.6;

const FOLDINGS: [RegExp, string][] = [
  [/^abd[aeiou]*l?/, 'abd'], // Abdul-, Abdel-, Abdou-, Abder-: the article is often assimilated
  [/ph/g, 'f'],
  [/kh/g, 'k'],
  [/(gh|q)/g, 'g'], // qaf and ghayn: Ghasemi, Qasemi; Sadeghi, Sadeqi
  [/(sch|sh|ch)/g, 's'],
  [/th/g, 's'], // tha, spoken s in Persian and Turkish: Othman, Osman
  [/dh/g, 'd'],
  [/(ou|oo|w|v)/g, 'u'], // Persian vav: Mousavi, Mousawi; Javad, Jawad
  [/(ee|ie|ey)/g, 'i'],
  [/c/g, 'k'],
  [/z/g, 's'],
  [/x/g, 'ks'],
  [/dj|j/g, 'j'],
  [/(?<=.)y/g, 'i'],
  // Short vowels: Arabic fatha is written a or e, damma o or u (Mohamed, Muhammad; Hosseini, Husseini).
  [/o/g, 'u'],
  [/e/g, 'a'],
];

/** Folded words already worked out: a duplicate search compares the same few words with a hundred names. */
const folds = new Map<string, string>();
const FOLDS_KEPT = 20_000;

/** One word's spelling with the letters that transliterations swap made the same, vowels kept. */
export function foldWord(word: string): string {
  const known = folds.get(word);
  if (known !== undefined) return known;
  const folded = foldLetters(word);
  if (folds.size >= FOLDS_KEPT) folds.clear();
  folds.set(word, folded);
  return folded;
}

function foldLetters(word: string): string {
  let folded = word.length > 4 ? word.replace(/e$/, '') : word; // Tesfaye, Tesfay; Abderrahmane, Abdulrahman
  for (const [pattern, replacement] of FOLDINGS) folded = folded.replace(pattern, replacement);
  return folded.replace(/(.)\1+/g, '$1');
}

const editSimilarity = (a: string, b: string) => 1 - distance(a, b) / Math.max(a.length, b.length, 1);

/** The consonants of a folded word: a different consonant is another name (Kazemi, Karimi), a different vowel often not. */
const consonants = (folded: string) => folded.replace(/[aeiouh]/g, '').replace(/(.)\1+/g, '$1');

/** How alike two normalised words are: 1 the same, 0.9 the same sounds, less by edit distance of their letters and of their consonants. */
export function wordSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const foldedA = foldWord(a);
  const foldedB = foldWord(b);
  if (foldedA === foldedB) return SOUND_ALIKE;
  return CLOSE_SPELLING * Math.min(editSimilarity(foldedA, foldedB), editSimilarity(consonants(foldedA), consonants(foldedB)));
}

export type NamePart = 'given' | 'family';

interface Token {
  text: string;
  /** Indexes of the name's words it stands for: one, or two written together (Abdul Rahman, Abdulrahman). */
  covers: number[];
  part?: NamePart;
}

function tokens(words: string[], parts?: NamePart[]): Token[] {
  const single = words.map((text, index) => ({ text, covers: [index], part: parts?.[index] }));
  const joined = words.slice(1).map((text, index) => ({ text: words[index] + text, covers: [index, index + 1], part: parts?.[index] }));
  return [...single, ...joined];
}

const weightOf = (word: string) => (COMMON_WORDS.has(foldWord(word)) ? COMMON_WEIGHT : 1);

/** A given name paired with a family name counts a little less: fields are swapped at times, not often. */
const OTHER_PART = 0.9;

/**
 * How alike two names are, 0 to 1: their words paired greedily, best pairs first, each word used
 * once, in any order (family and given names are often swapped), words too far apart left unpaired;
 * then the share of each name's weight that found a pair, the less covered name counting most.
 * Names that each keep a word of their own unpaired (Reza Rezaei, Reza Ghasemi) are other names.
 */
export function nameSimilarity(a: string[], b: string[], partsA?: NamePart[], partsB?: NamePart[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const pairs: { similarity: number; left: Token; right: Token }[] = [];
  for (const left of tokens(a, partsA)) {
    for (const right of tokens(b, partsB)) {
      // Two words written together answer one word, not two other words written together.
      if (left.covers.length > 1 && right.covers.length > 1) continue;
      const crossed = left.part && right.part && left.part !== right.part ? OTHER_PART : 1;
      pairs.push({ similarity: crossed * wordSimilarity(left.text, right.text), left, right });
    }
  }
  pairs.sort((x, y) => y.similarity - x.similarity || x.left.covers.length - y.left.covers.length);
  const usedLeft = new Set<number>();
  const usedRight = new Set<number>();
  const leftWeights = a.map(weightOf);
  const rightWeights = b.map(weightOf);
  let leftMatched = 0;
  let rightMatched = 0;
  for (const { similarity, left, right } of pairs) {
    if (similarity < WORD_FLOOR) break;
    if (left.covers.some((index) => usedLeft.has(index)) || right.covers.some((index) => usedRight.has(index))) continue;
    left.covers.forEach((index) => usedLeft.add(index));
    right.covers.forEach((index) => usedRight.add(index));
    leftMatched += similarity * left.covers.reduce((sum, index) => sum + leftWeights[index], 0);
    rightMatched += similarity * right.covers.reduce((sum, index) => sum + rightWeights[index], 0);
  }
  const total = (weights: number[]) => weights.reduce((sum, weight) => sum + weight, 0);
  const left = leftMatched / total(leftWeights);
  const right = rightMatched / total(rightWeights);
  // The name less covered counts most: one word in common (Ali Mansour, Khaled Mansour) is not a similar name.
  const similarity = 0.7 * Math.min(left, right) + 0.3 * Math.max(left, right);
  const ownWord = (words: string[], used: Set<number>, weights: number[]) => words.some((_, index) => !used.has(index) && weights[index] === 1);
  return ownWord(a, usedLeft, leftWeights) && ownWord(b, usedRight, rightWeights) ? Math.min(similarity, NAME_FLOOR - 0.05) : similarity;
}

const words = (value: string) => normaliseName(value).split(' ').filter(Boolean);

/** The best likeness of the newcomer's name (and aliases) to the person's name or any alias. */
function bestNameSimilarity(newcomer: MatchSubject, known: MatchSubject): number {
  const namesOf = (subject: MatchSubject) => {
    const given = words(subject.givenNames);
    const family = words(subject.familyName);
    const parts: NamePart[] = [...given.map(() => 'given' as const), ...family.map(() => 'family' as const)];
    // An alias is a whole other name, of no known parts.
    return [{ words: [...given, ...family], parts }, ...(subject.aliases ?? []).map((alias) => ({ words: words(alias), parts: undefined }))].filter((name) => name.words.length > 0);
  };
  let best = 0;
  for (const left of namesOf(newcomer)) for (const right of namesOf(known)) best = Math.max(best, nameSimilarity(left.words, right.words, left.parts, right.parts));
  return best;
}

const yearsApart = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b)) / (365.25 * 86_400_000);

/** What the dates of birth say: the same, a clerk's slip (day and month swapped, one of them wrong), near, or far apart. */
function dateOfBirthEvidence(newcomer: MatchSubject, known: MatchSubject): { weight: number; evidence?: MatchEvidence } {
  const a = newcomer.dateOfBirth;
  const b = known.dateOfBirth;
  if (!a || !b) return { weight: 0 };
  if (a === b) return { weight: 0.2, evidence: 'same_date_of_birth' };
  const [yearA, monthA, dayA] = a.split('-');
  const [yearB, monthB, dayB] = b.split('-');
  const estimated = Boolean(newcomer.dobEstimated || known.dobEstimated);
  const swapped = yearA === yearB && monthA === dayB && dayA === monthB;
  const oneSlip = (yearA === yearB && (monthA === monthB || dayA === dayB)) || (monthA === monthB && dayA === dayB && Math.abs(Number(yearA) - Number(yearB)) <= 1);
  if (swapped || oneSlip) return { weight: 0.1, evidence: 'close_date_of_birth' };
  const apart = yearsApart(a, b);
  // An estimated date of birth is a guess from looks: years off is no sign of another person.
  if (apart <= (estimated ? 3 : 1.5)) return { weight: 0.05, evidence: 'close_date_of_birth' };
  if (apart > (estimated ? 8 : 3)) return { weight: -0.15, evidence: 'other_date_of_birth' };
  return { weight: 0 };
}

const KNOWN_SEXES = ['male', 'female'];

/** How likely the newcomer is the known person, 0 to 1, and why. */
export function scoreDuplicate(newcomer: MatchSubject, known: MatchSubject): DuplicateScore {
  const name = bestNameSimilarity(newcomer, known);
  const evidence: MatchEvidence[] = [name >= 0.999 ? 'same_name' : 'similar_name'];
  let score = NAME_WEIGHT * name;

  const birth = dateOfBirthEvidence(newcomer, known);
  score += birth.weight;
  if (birth.evidence) evidence.push(birth.evidence);

  if (newcomer.sex && known.sex && KNOWN_SEXES.includes(newcomer.sex) && KNOWN_SEXES.includes(known.sex) && newcomer.sex !== known.sex) {
    score -= 0.3;
    evidence.push('other_sex');
  }

  const ours = (newcomer.nationalities ?? []).map((code) => code.trim());
  const theirs = (known.nationalities ?? []).map((code) => code.trim());
  if (ours.length > 0 && theirs.length > 0) {
    // Nationality is often declared differently from one interview to the next: it weighs little.
    const shared = ours.some((code) => theirs.includes(code));
    score += shared ? 0.05 : -0.05;
    evidence.push(shared ? 'shared_nationality' : 'other_nationality');
  }

  const sameDocument = (newcomer.identifiers ?? []).some((mine) =>
    (known.identifiers ?? []).some(
      (other) =>
        other.kind === mine.kind &&
        normaliseIdentifier(other.value) === normaliseIdentifier(mine.value) &&
        (!other.issuingCountry || !mine.issuingCountry || other.issuingCountry === mine.issuingCountry),
    ),
  );
  if (sameDocument) {
    evidence.push('same_identifier');
    score = Math.max(score, 0.99);
  } else if (name < NAME_FLOOR) {
    score = Math.min(score, DUPLICATE_THRESHOLD - 0.01);
  }
  return { score: Math.round(Math.min(1, Math.max(0, score)) * 100) / 100, name, evidence };
}

/** A document number without the spaces, dashes and accents people type: `p 123-456` and `P123456` are one passport number. */
export function normaliseIdentifier(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}
