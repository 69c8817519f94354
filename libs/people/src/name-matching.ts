/**
 * Name matching that survives transliteration: the same Arabic, Persian or Tigrinya name is
 * written Mohammad, Muhammad or Mohamed; Hosseini or Husseini; Tesfay or Tesfaye.
 */

const SPECIAL_LETTERS: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ı: 'i', ł: 'l', đ: 'd', þ: 'th' };

/** Lower case, no accents, letters and single spaces only. */
export function normaliseName(value: string): string {
  return value
    .toLowerCase()
    .replace(/[ßæœøıłđþ]/g, (letter) => SPECIAL_LETTERS[letter] ?? letter)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();
}

// Spellings that Latin transliterations of the same sound use interchangeably.
const EQUIVALENT_SPELLINGS: [RegExp, string][] = [
  [/^abd[aeiou]*l?/, 'abd'], // Abdul-, Abdel-, Abdou-: the article is often assimilated
  [/ph/g, 'f'],
  [/kh/g, 'k'],
  [/gh/g, 'g'],
  [/(sh|sch|ch)/g, 's'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/(ou|oo|w)/g, 'u'],
  [/(ee|ie)/g, 'i'],
  [/q/g, 'k'],
  [/c/g, 'k'],
  [/z/g, 's'],
  [/x/g, 'ks'],
  [/j/g, 'dj'],
  [/ddj/g, 'dj'],
];

/** A consonant skeleton of one word: the letters that survive every usual transliteration. */
export function wordSkeleton(word: string): string {
  let key = word;
  for (const [pattern, replacement] of EQUIVALENT_SPELLINGS) key = key.replace(pattern, replacement);
  if (key.length > 3) key = key.replace(/e$/, '');
  const first = key.charAt(0);
  const rest = key.slice(1).replace(/[aeiouh]/g, '');
  return (first + rest).replace(/(.)\1+/g, '$1');
}

/** The skeleton of every word of a name, in order. */
export function nameSkeleton(value: string): string {
  return normaliseName(value)
    .split(' ')
    .filter(Boolean)
    .map(wordSkeleton)
    .join(' ');
}

/** The text people are searched by: every name and alias. */
export function searchText(names: string[]): string {
  return names.map(normaliseName).filter(Boolean).join(' ');
}

export function searchSkeleton(names: string[]): string {
  return names.map(nameSkeleton).filter(Boolean).join(' ');
}
