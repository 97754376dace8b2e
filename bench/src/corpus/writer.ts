/**
 * The writer of statements: sentences from patterns, slots from the pools, full or half width per
 * statement, and the lead paragraph with its era date.
 */
import { eraDate, weekdayName } from './calendar.ts';
import { toHiragana } from '../lexicon.ts';
import { Rng } from './random.ts';
import { toFullWidthAscii, type Vocabulary, type VWord } from './vocabulary.ts';
import { LEAD_WORDS, type Pattern, type Slot } from './patterns.ts';
import type { CorpusPlan, Official } from './people.ts';

export interface Statement {
  paragraphs: string[];
  words: VWord[];
}

export interface Mark {
  parts: number;
  words: number;
  length: number;
}
export const START: Mark = { parts: 0, words: 0, length: 0 };

export const MAX_STATEMENT = 600;
export const MIN_STATEMENT = 50;
export const MAX_PARAGRAPHS = 5;
/** Sentences of a statement add up to at most this, leaving room for the `\n` between its paragraphs. */
export const SENTENCE_BUDGET = MAX_STATEMENT - (MAX_PARAGRAPHS - 1);

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Writes statements for one briefing: sentences from patterns, slots from the pools. */
export class Writer {
  private plan: CorpusPlan;
  private v: Vocabulary;
  private rng: Rng;
  private official: Official;
  // The statement being built, flat: its pieces of text, its words, and its length so far.
  private parts: string[] = [];
  private words: VWord[] = [];
  private length = 0;
  // Per statement: full-width terms and digits, or half-width.
  private wideTerms = false;
  private wideDigits = false;

  constructor(plan: CorpusPlan, rng: Rng, official: Official) {
    this.plan = plan;
    this.v = plan.vocab;
    this.rng = rng;
    this.official = official;
  }

  // --- pieces
  private text(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }
  private word(w: VWord): void {
    this.parts.push(w.surface);
    this.length += w.surface.length;
    this.words.push(w);
  }
  private emit(p: Pattern): void {
    for (const t of p) {
      if (t.kind === 0) this.text(t.text);
      else if (t.kind === 1) this.word(t.word);
      else this.slot(t.slot);
    }
  }

  private slot(slot: Slot): void {
    const v = this.v;
    const r = this.rng;
    switch (slot) {
      case 'np':
        return this.nounPhrase();
      case 'n':
        return this.word(v.noun.draw(r));
      case 'k':
        return this.word(v.kata.draw(r));
      case 's':
        return this.word(v.sahen.draw(r));
      case 'an':
        return this.word(v.adjv.draw(r));
      case 'a':
        return this.word(v.adj.draw(r).dict);
      case 'aku':
        return this.word(v.adj.draw(r).ku);
      case 'ad':
        return this.word(v.adverb.draw(r));
      case 'advn':
        return this.word(v.advn.draw(r));
      case 'pl':
        return this.word(v.place.draw(r));
      case 'co':
        return this.word(v.country.draw(r));
      case 'or':
        return this.word(v.org.draw(r));
      case 'pr':
        return this.word(v.proper.draw(r));
      case 'fam':
        return this.word(v.family.draw(r));
      case 't': {
        const term = r.pick(v.terms);
        return this.word(this.wideTerms ? term.full : term.half);
      }
      case 'num':
        return this.number();
      case 'conj':
        return this.word(v.conj.draw(r));
      case 'vm':
        return this.word(v.verb.draw(r).masu);
      case 'vta': {
        const verb = v.verb.draw(r);
        this.word(verb.taStem);
        return this.text(verb.ta);
      }
      case 'vte': {
        const verb = v.verb.draw(r);
        this.word(verb.taStem);
        return this.text(verb.te);
      }
      case 'vd':
        return this.word(v.verb.draw(r).dict);
      case 'addr':
        for (const w of this.plan.addrWords.get(this.official.position)!) this.word(w);
        return;
    }
  }

  private nounPhrase(): void {
    const v = this.v;
    const r = this.rng;
    const x = r.next();
    if (x < 0.26) this.word(v.noun.draw(r));
    else if (x < 0.38) {
      this.word(v.noun.draw(r));
      this.text('の');
      this.word(v.noun.draw(r));
    } else if (x < 0.44) this.word(v.kata.draw(r));
    else if (x < 0.48) {
      this.word(v.kata.draw(r));
      this.text('の');
      this.word(v.noun.draw(r));
    } else if (x < 0.54) {
      this.word(v.adjv.draw(r));
      this.text('な');
      this.word(v.noun.draw(r));
    } else if (x < 0.58) {
      this.word(v.adj.draw(r).dict);
      this.word(v.noun.draw(r));
    } else if (x < 0.63) {
      this.word(v.country.draw(r));
      this.text(r.chance(0.5) ? 'の' : 'との');
      this.word(v.sahen.draw(r));
    } else if (x < 0.66) {
      this.word(v.place.draw(r));
      this.text('の');
      this.word(v.noun.draw(r));
    } else if (x < 0.68) {
      this.word(v.org.draw(r));
      this.text('の');
      this.word(v.sahen.draw(r));
    } else if (x < 0.7) this.word(v.proper.draw(r));
    else if (x < 0.75) {
      this.slot('t');
      if (r.chance(0.6)) {
        this.text('の');
        this.word(v.sahen.draw(r));
      }
    } else if (x < 0.79) {
      this.number();
      this.text('の');
      this.word(v.noun.draw(r));
    } else if (x < 0.88) this.word(v.sahen.draw(r));
    else if (x < 0.92) {
      this.word(v.noun.draw(r));
      this.text('や');
      this.word(v.noun.draw(r));
    } else if (x < 0.95) {
      const verb = v.verb.draw(r);
      this.word(verb.taStem);
      this.text(verb.ta);
      this.word(v.noun.draw(r));
    } else {
      this.word(v.sahen.draw(r));
      this.text('の');
      this.word(v.noun.draw(r));
    }
  }

  /** A number with its unit: 3発, 1,500人, 2.5兆円, 約120キロ; full-width digits in some statements. */
  private number(): void {
    const r = this.rng;
    const c = r.pick(this.v.counters);
    let digits: string;
    if (c.decimals && r.chance(0.6)) digits = (r.int(c.min * 10, c.max * 10) / 10).toFixed(1);
    else {
      const value = Math.round(c.min * Math.pow(c.max / c.min, r.next() * r.next()));
      digits = value >= 1000 && r.chance(0.8) ? value.toLocaleString('en-US') : String(value);
    }
    if (this.wideDigits) digits = toFullWidthAscii(digits);
    if (r.chance(0.15)) this.text('約');
    this.text(digits);
    for (const w of c.words) this.word(w);
  }

  // --- sentences

  /** Where the statement being built is: undo to here to drop a sentence. */
  private mark(): Mark {
    return { parts: this.parts.length, words: this.words.length, length: this.length };
  }
  private undo(m: Mark): void {
    this.parts.length = m.parts;
    this.words.length = m.words;
    this.length = m.length;
  }
  /** Text and words from a mark to the end, and reset the builder. */
  private take(from: Mark = START): { text: string; words: VWord[] } {
    const taken = { text: this.parts.slice(from.parts).join(''), words: this.words.slice(from.words) };
    this.undo(from);
    return taken;
  }

  /** Appends one sentence; returns its length. */
  private sentence(kind: 'official' | 'short' | 'context' | 'question'): number {
    const p = this.plan.patterns;
    const r = this.rng;
    const before = this.length;
    if (kind === 'short') this.emit(r.pick(p.short));
    else if (kind === 'question') {
      if (r.chance(0.3)) this.emit(r.pick(p.openers));
      this.emit(r.pick(p.questions));
    } else {
      const x = r.next();
      if (x < 0.55) this.emit(r.pick(p.openers));
      if (x < 0.12) this.emit(r.pick(p.openers));
      this.emit(r.pick(kind === 'official' ? p.official : p.context));
    }
    return this.length - before;
  }

  /**
   * A statement (one turn): 50–600 characters in 1–5 paragraphs. Questions end with a question;
   * answers and announcements are an official's sentences.
   */
  statement(kind: 'announce' | 'question' | 'answer', paragraphs: number): Statement {
    const r = this.rng;
    this.wideTerms = r.chance(0.5);
    this.wideDigits = r.chance(0.3);
    let target: number;
    if (kind === 'question') target = 60 + Math.floor(440 * r.next());
    else if (kind === 'answer') target = 100 + Math.floor(496 * (1 - Math.pow(r.next(), 2.5)));
    else target = Math.min(SENTENCE_BUDGET, 70 * paragraphs + Math.floor(r.next() * 400));

    // A question ends with its question: made first (to budget for it), kept aside, appended last.
    let closing: { text: string; words: VWord[] } | null = null;
    if (kind === 'question') {
      do {
        this.undo(START);
        this.sentence('question');
      } while (this.length > SENTENCE_BUDGET - MIN_STATEMENT);
      closing = this.take();
    }
    const reserved = closing?.text.length ?? 0;
    const ends: number[] = []; // parts index after each sentence
    const mainKind = kind === 'question' ? 'context' : 'official';
    while (reserved + this.length < target) {
      let accepted = false;
      for (let attempt = 0; attempt < 6 && !accepted; attempt++) {
        const m = this.mark();
        this.sentence(attempt < 4 ? mainKind : 'short');
        if (reserved + this.length <= SENTENCE_BUDGET) accepted = true;
        else this.undo(m);
      }
      if (!accepted) break;
      ends.push(this.parts.length);
    }
    while (reserved + this.length < MIN_STATEMENT) {
      this.sentence('short');
      ends.push(this.parts.length);
    }
    if (closing) {
      this.parts.push(closing.text);
      this.words.push(...closing.words);
      ends.push(this.parts.length);
    }

    // Split the sentences into paragraphs (as many as asked for, if there are enough sentences).
    const p = Math.max(1, Math.min(paragraphs, ends.length));
    const cuts = new Set<number>();
    while (cuts.size < p - 1) cuts.add(r.int(1, ends.length - 1));
    const out: string[] = [];
    let from = 0;
    for (let i = 0; i < ends.length; i++) {
      if (i === ends.length - 1 || cuts.has(i + 1)) {
        out.push(this.parts.slice(from, ends[i]).join(''));
        from = ends[i]!;
      }
    }
    const words = this.words;
    this.parts.length = 0;
    this.words = [];
    this.length = 0;
    return { paragraphs: out, words };
  }

  /** The lead: when, who, what (令和7(2025)年9月8日(月)10時30分から…). */
  lead(iso: string, startMin: number, endMin: number, abroad: boolean, kind: string): Statement {
    const v = this.v;
    const { era, year, month, day } = eraDate(iso);
    const y = iso.slice(0, 4);
    const L = LEAD_WORDS;
    if (era === '平成') this.word(v.fixed(L.heisei));
    else this.text(era);
    this.text(`${year === 1 ? '元' : year}(${y})`);
    this.word(v.fixed(L.nen));
    this.text(String(month));
    this.word(v.fixed(L.gatsu));
    this.text(String(day));
    this.word(v.fixed(L.nichi));
    this.text(`(${weekdayName(iso)})`);
    const time = (m: number) => {
      this.text(String(Math.floor(m / 60)));
      this.word(v.fixed(L.ji));
      this.text(pad2(m % 60));
      this.word(v.fixed(L.fun));
    };
    time(startMin);
    this.text('から');
    time(endMin);
    this.text(abroad ? 'まで(現地時間)、' : 'まで、');
    const { person, position } = this.official;
    this.word(person.family);
    this.text(' ');
    this.word(person.given);
    this.text(`(${toHiragana(person.family.reading)}・${toHiragana(person.given.reading)})`);
    for (const w of this.plan.titleWords.get(position)!) this.word(w);
    this.text('は、');
    this.word(v.fixed(kind === '定例' ? L.teirei : L.rinji));
    this.word(v.fixed(L.kisha));
    this.word(v.fixed(L.kaiken));
    this.text('を');
    this.word(v.fixed(L.jisshi));
    this.word(v.fixed(L.shi));
    this.text('た。');
    const first = this.take();
    const paragraphs = [first.text];
    const words = [...first.words];
    if (this.rng.chance(0.7)) {
      this.word(v.fixed(L.naiyou));
      this.text('は、');
      this.word(v.fixed(L.ika));
      this.text('の');
      this.word(v.fixed(L.toori));
      this.text('。');
      const second = this.take();
      paragraphs.push(second.text);
      words.push(...second.words);
    }
    return { paragraphs, words };
  }

  /** A topic heading from the question's own nouns (so a heading never brings in new words). */
  topicHeading(q: Statement): string {
    const nouns = q.words.filter((w) => w.pos.startsWith('名詞') && w.surface.length >= 2 && !/接尾|数/u.test(w.pos));
    const a = nouns[0]?.surface ?? '防衛';
    const b = nouns.find((w) => w.surface !== a)?.surface;
    return b && this.rng.chance(0.6) ? `${a}の${b}について` : `${a}について`;
  }
}
