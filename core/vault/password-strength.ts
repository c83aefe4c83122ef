/**
 * Strength of the vault password, 0-4 with Italian hints, computed here (pure, also usable by the renderer for the meter
 * while the user types). The estimate is the number of guesses an attacker who knows the usual tricks would need: the
 * password is cut into pieces (common words, years, keyboard runs, sequences, repeated characters, words of the
 * company's own name) that cost a few bits each, and the rest costs log2(alphabet) bits per character. Hints never
 * quote the password or a piece of it (they end up on screen and in error details).
 */

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface PasswordStrength {
  score: StrengthScore;
  /** "Molto debole" ... "Ottima". */
  label: string;
  /** Estimated guessing entropy in bits (rounded). */
  bits: number;
  /** The vault accepts it (score >= MIN_VAULT_PASSWORD_SCORE and length >= MIN_VAULT_PASSWORD_LENGTH). */
  acceptable: boolean;
  /** What to change, in Italian; empty when nothing is worth saying. */
  hints: string[];
}

/** Below this score the vault refuses the password. 3 = "Buona" (about 50 bits: out of reach of offline guessing at
 *  scrypt's cost of ~0.2 s and 64 MiB per guess). */
export const MIN_VAULT_PASSWORD_SCORE = 3;
export const MIN_VAULT_PASSWORD_LENGTH = 10;

const LABELS = ['Molto debole', 'Debole', 'Discreta', 'Buona', 'Ottima'] as const;
/** Upper bounds (bits) of scores 0..3; 4 above the last. */
const SCORE_BITS = [28, 36, 50, 64] as const;

/** Lower-case, de-leeted words people use first (Italian and English), and words tied to this app. */
const COMMON_WORDS = [
  'password', 'passw0rd', 'qwerty', 'azerty', 'admin', 'administrator', 'welcome', 'letmein', 'iloveyou', 'monkey', 'dragon',
  'football', 'baseball', 'master', 'shadow', 'sunshine', 'princess', 'secret', 'login', 'access', 'test', 'prova', 'ciao',
  'amore', 'tiamo', 'segreto', 'segreta', 'parola', 'chiave', 'cassaforte', 'documenti', 'fattura', 'fatture', 'azienda',
  'ufficio', 'studio', 'contabilita', 'commercialista', 'banca', 'juventus', 'juve', 'milan', 'inter', 'roma', 'lazio',
  'napoli', 'torino', 'fiorentina', 'forza', 'italia', 'calcio', 'mamma', 'papa', 'famiglia', 'bambini', 'casa', 'estate',
  'inverno', 'natale', 'pasqua', 'sole', 'mare', 'luna', 'stella', 'gatto', 'cane', 'francesco', 'giuseppe', 'giovanni',
  'antonio', 'mario', 'luigi', 'marco', 'andrea', 'giulia', 'maria', 'anna', 'sara', 'laura', 'chiara', 'alessandro',
  'matteo', 'lorenzo', 'fatturadesk', 'ferrari', 'vespa', 'pizza', 'pasta', 'spaghetti', 'buongiorno', 'buonasera',
  'benvenuto', 'benvenuti', 'changeme', 'default', 'root', 'user', 'utente', 'nuova', 'nuovo', 'abc', 'qwertz',
];
const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qwertzuiop', 'yxcvbnm', 'azertyuiop', 'wxcvbn', '1234567890', 'qazwsx', '1qaz2wsx'];
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

const WORD_BITS = Math.log2(COMMON_WORDS.length * 4); // which word, and its capitalisation/leet variant
const YEAR_BITS = 7; // ~120 plausible years
const PATTERN_BITS = 4; // which run, which direction

interface Piece {
  start: number;
  end: number;
  bits: number;
  kind: 'word' | 'user' | 'year' | 'keyboard' | 'sequence' | 'repeat';
}

function charClass(c: string): 'lower' | 'upper' | 'digit' | 'symbol' | 'other' {
  if (/[a-z]/.test(c)) return 'lower';
  if (/[A-Z]/.test(c)) return 'upper';
  if (/[0-9]/.test(c)) return 'digit';
  if (/[\x20-\x7e]/.test(c)) return 'symbol';
  return 'other';
}

const POOL: Record<ReturnType<typeof charClass>, number> = { lower: 26, upper: 26, digit: 10, symbol: 33, other: 60 };

function deLeet(s: string): string {
  return [...s.toLowerCase()].map((c) => LEET[c] ?? c).join('');
}

function foldAccents(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** Every occurrence of the words in `text` (already lower-cased and folded). */
function findWords(text: string, words: readonly string[], bits: number, kind: Piece['kind']): Piece[] {
  const out: Piece[] = [];
  for (const w of words) {
    if (w.length < 3) continue;
    let i = text.indexOf(w);
    while (i >= 0) {
      out.push({ start: i, end: i + w.length, bits, kind });
      i = text.indexOf(w, i + 1);
    }
  }
  return out;
}

function findYears(chars: readonly string[]): Piece[] {
  const out: Piece[] = [];
  const s = chars.join('');
  for (const m of s.matchAll(/(?:19|20)\d\d/g)) out.push({ start: m.index, end: m.index + 4, bits: YEAR_BITS, kind: 'year' });
  return out;
}

function findKeyboard(lower: string): Piece[] {
  const out: Piece[] = [];
  for (const row of KEYBOARD_ROWS) {
    for (const line of [row, [...row].reverse().join('')]) {
      for (let len = line.length; len >= 4; len--) {
        for (let k = 0; k + len <= line.length; k++) {
          const part = line.slice(k, k + len);
          let i = lower.indexOf(part);
          while (i >= 0) {
            out.push({ start: i, end: i + len, bits: PATTERN_BITS + Math.log2(len), kind: 'keyboard' });
            i = lower.indexOf(part, i + 1);
          }
        }
      }
    }
  }
  return out;
}

/** Runs of 3+ characters with a constant step of +1 or -1 (abc, 987) or of one repeated character (aaa). */
function findRuns(chars: readonly string[]): Piece[] {
  const out: Piece[] = [];
  const code = chars.map((c) => c.toLowerCase().codePointAt(0)!);
  let i = 0;
  while (i < chars.length - 2) {
    const step = code[i + 1]! - code[i]!;
    if (Math.abs(step) > 1) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j + 1 < chars.length && code[j + 1]! - code[j]! === step) j++;
    if (j - i + 1 >= 3) {
      out.push({ start: i, end: j + 1, bits: PATTERN_BITS + Math.log2(j - i + 1), kind: step === 0 ? 'repeat' : 'sequence' });
      i = j + 1;
    } else i++;
  }
  return out;
}

/**
 * Cheapest cover of the password: dynamic programming over positions, where each character costs its alphabet's bits
 * unless a piece covering it is cheaper. The result is the attacker's best guess strategy among the ones modelled.
 */
function cheapestBits(chars: readonly string[], pieces: readonly Piece[], bitsPerChar: number): { bits: number; used: Piece[] } {
  const n = chars.length;
  const best = new Array<number>(n + 1).fill(Infinity);
  const via = new Array<Piece | undefined>(n + 1);
  best[0] = 0;
  const byEnd = new Map<number, Piece[]>();
  for (const p of pieces) byEnd.set(p.end, [...(byEnd.get(p.end) ?? []), p]);
  for (let e = 1; e <= n; e++) {
    best[e] = best[e - 1]! + bitsPerChar;
    via[e] = undefined;
    for (const p of byEnd.get(e) ?? []) {
      const cost = best[p.start]! + p.bits;
      if (cost < best[e]!) {
        best[e] = cost;
        via[e] = p;
      }
    }
  }
  const used: Piece[] = [];
  for (let e = n; e > 0; ) {
    const p = via[e];
    if (p) {
      used.push(p);
      e = p.start;
    } else e--;
  }
  return { bits: best[n]!, used };
}

function scoreOf(bits: number): StrengthScore {
  const i = SCORE_BITS.findIndex((limit) => bits < limit);
  return (i < 0 ? 4 : i) as StrengthScore;
}

/**
 * @param userInputs words an attacker would try first for this company (its name, P.IVA, city): pieces equal to them
 * count like common words.
 */
export function passwordStrength(password: string, userInputs: readonly string[] = []): PasswordStrength {
  const pw = password.normalize('NFC');
  const chars = [...pw];
  if (chars.length === 0) {
    return { score: 0, label: LABELS[0], bits: 0, acceptable: false, hints: ['Scegli una password per la cassaforte.'] };
  }
  const classes = new Set(chars.map(charClass));
  const pool = [...classes].reduce((s, c) => s + POOL[c], 0);
  const bitsPerChar = Math.log2(pool);

  // Indexes below are character indexes: the folded/lower-cased forms keep one char per char for the ASCII-heavy
  // passwords that matter; when folding changes the length the word search is skipped rather than misaligned.
  const lower = chars.join('').toLowerCase();
  const folded = deLeet(foldAccents(pw));
  const aligned = [...folded].length === chars.length && [...lower].length === chars.length;
  const userWords = userInputs
    .flatMap((u) => foldAccents(u).toLowerCase().split(/[^a-z0-9]+/))
    .filter((w) => w.length >= 3);
  const pieces: Piece[] = [...findYears(chars), ...findRuns(chars)];
  if (aligned) {
    pieces.push(...findWords(folded, COMMON_WORDS, WORD_BITS, 'word'));
    pieces.push(...findWords(folded, userWords, 3, 'user'));
    pieces.push(...findKeyboard(lower));
  }
  const { bits: raw, used } = cheapestBits(chars, pieces, bitsPerChar);
  let bits = raw;
  // Mostly one class (all digits, all lower case) is what people type first: a small extra discount.
  if (classes.size === 1) bits -= 2;
  bits = Math.max(0, bits);

  let score = scoreOf(bits);
  if (chars.length < 8) score = Math.min(score, 1) as StrengthScore;
  else if (chars.length < MIN_VAULT_PASSWORD_LENGTH) score = Math.min(score, 2) as StrengthScore;

  const kinds = new Set(used.map((p) => p.kind));
  const hints: string[] = [];
  if (chars.length < 12) hints.push('Usa almeno 12 caratteri: la lunghezza conta più dei simboli.');
  if (kinds.has('user')) hints.push('Non usare il nome, la partita IVA o altri dati dell’azienda.');
  if (kinds.has('word')) hints.push('Evita parole comuni, nomi propri o di squadre: sono i primi tentativi di chi indovina.');
  if (kinds.has('year')) hints.push('Evita anni e date.');
  if (kinds.has('keyboard') || kinds.has('sequence')) hints.push('Evita sequenze come «abc», «123» o righe della tastiera.');
  if (kinds.has('repeat')) hints.push('Evita caratteri ripetuti.');
  if (classes.size === 1 && chars.length < 20) hints.push('Mescola lettere maiuscole e minuscole, numeri e simboli.');
  if (score < MIN_VAULT_PASSWORD_SCORE) hints.push('Una frase di 4-5 parole scollegate tra loro è facile da ricordare e difficile da indovinare.');

  return {
    score,
    label: LABELS[score],
    bits: Math.round(bits),
    acceptable: score >= MIN_VAULT_PASSWORD_SCORE && chars.length >= MIN_VAULT_PASSWORD_LENGTH,
    hints,
  };
}
