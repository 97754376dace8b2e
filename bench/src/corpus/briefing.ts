/**
 * One briefing: its date, officials, sections, topics and turns, written as Markdown with the words
 * each statement holds (for the truth file).
 */
import { toHiragana } from '../lexicon.ts';
import type { VWord } from './vocabulary.ts';
import { Rng, mix } from './random.ts';
import { DAYS, FIRST_DAY } from './calendar.ts';
import { CorpusPlan, OUTLETS, type Official, PLACES_MINISTRY, POSITIONS, type Reporter } from './people.ts';
import { pad2, Writer, type Statement } from './writer.ts';

export interface BriefingContext {
  rng: Rng;
  official: Official;
  /** A per-briefing coin for label details (質問者 vs 記者, `Q: ` vs `Q:`). */
  variant: boolean;
}

export interface GeneratedBriefing {
  year: string;
  name: string;
  markdown: string;
  /** In statementsOf order: the lead (turn `lead`), then t1, t2, … */
  statements: Array<{ turn: string; words: VWord[] }>;
}

export function generateBriefing(plan: CorpusPlan, n: number): GeneratedBriefing {
  const rng = new Rng(mix(plan.seed, n));
  const style = plan.style(n);

  // Who and when.
  const category = rng.pick(style.officials);
  const candidates = POSITIONS.filter((p) => p.category === category);
  const position = category === 'minister' ? candidates[0]! : rng.pick(candidates);
  const kind = rng.chance(0.72) ? '定例' : '臨時';
  let day = rng.int(0, DAYS - 1);
  const dow = new Date(FIRST_DAY + day * 86_400_000).getUTCDay();
  if (kind === '定例' && (dow === 0 || dow === 6)) day -= dow === 6 ? 1 : 2;
  if (day < 0) day += 3;
  const iso = new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
  const person = plan.officeHolder(position, day);
  const official: Official = { person, position };
  const ctx: BriefingContext = { rng, official, variant: rng.chance(0.5) };
  const g = new Writer(plan, rng, official);

  const startMin = rng.chance(0.6) ? rng.int(96, 234) * 5 : rng.int(8 * 60, 19 * 60 + 30);
  const endMin = startMin + rng.int(8, 45);
  const hhmm = (m: number) => `${pad2(Math.floor(m / 60))}:${pad2(m % 60)}`;
  const abroad = rng.chance(0.06);
  const reading = `${toHiragana(person.family.reading)} ${toHiragana(person.given.reading)}`;
  const name = `${person.family.surface} ${person.given.surface}`;

  // The lead, the announcement, the questions and answers.
  const statements: Array<{ turn: string; s: Statement }> = [];
  const body: string[] = [];
  const hasLead = rng.chance(0.8);
  if (hasLead) {
    const lead = g.lead(iso, startMin, endMin, abroad, kind);
    statements.push({ turn: 'lead', s: lead });
    body.push(...lead.paragraphs);
  }
  const flat = rng.chance(0.12); // no headings at all: every turn labelled
  const announceParagraphs = rng.pick([0, 1, 1, 2, 2, 3, 3, 4, 5]);
  const aloneFor = () => (style.alone === 'yes' ? true : style.alone === 'no' ? false : ctx.variant);
  let turn = 0;
  const labelled = (label: string, s: Statement) => {
    const [first, ...rest] = s.paragraphs;
    const sep = aloneFor() ? '\n' : '';
    return [`${label}${sep}${first}`, ...rest];
  };
  if (announceParagraphs > 0) {
    const s = g.statement('announce', announceParagraphs);
    turn += 1;
    statements.push({ turn: `t${turn}`, s });
    if (!flat) body.push(`## ${rng.pick([`${position.short}からの発表事項`, '発表事項', '冒頭発言', `${position.short}からの冒頭発言`])}`);
    body.push(...(flat || rng.chance(0.2) ? labelled(style.answer(ctx), s) : s.paragraphs));
  }
  if (!flat) body.push(`## ${rng.pick(['記者との質疑応答', '質疑応答', '質疑', '記者からの質問'])}`);
  const reporters: Reporter[] = [];
  const nReporters = rng.int(2, 6);
  while (reporters.length < nReporters) reporters.push({ outlet: rng.pick(OUTLETS), family: plan.vocab.family.draw(rng) });
  const pairs = rng.int(3, 15);
  const topics = !flat && rng.chance(0.75);
  let untilTopic = 0;
  for (let i = 0; i < pairs; i++) {
    const q = g.statement('question', rng.int(1, 2));
    const a = g.statement('answer', rng.int(1, 4));
    if (topics && untilTopic <= 0) {
      body.push(`### ${g.topicHeading(q)}`);
      untilTopic = rng.int(1, 3);
    }
    untilTopic -= 1;
    const reporter = rng.pick(reporters);
    body.push(...labelled(style.question(reporter, ctx), q));
    body.push(...labelled(style.answer(ctx), a));
    statements.push({ turn: `t${++turn}`, s: q }, { turn: `t${++turn}`, s: a });
  }

  // Frontmatter.
  const q = (s: string) => JSON.stringify(s);
  const title = rng.pick([
    `${person.family.surface}${position.title}${kind}記者会見`,
    `${position.title}記者会見`,
    `${person.family.surface}${position.title}${kind === '臨時' ? '臨時会見' : '会見'}`,
  ]);
  const place = abroad ? rng.pick(['ワシントン', 'ソウル', 'シンガポール', 'キャンベラ', 'マニラ', 'ブリュッセル']) : rng.pick(PLACES_MINISTRY);
  const fm = [
    '---',
    `title: ${q(title)}`,
    `date: ${iso}`,
    `start: "${hhmm(startMin)}"`,
    `end: "${hhmm(endMin)}"`,
    ...(abroad ? [`timeNote: ${q('現地時間')}`] : []),
    `place: ${q(place)}`,
    `kind: ${q(kind)}`,
    'speakers:',
    `  - name: ${q(name)}`,
    `    reading: ${q(reading)}`,
    `    position: ${q(position.title)}`,
    'source:',
    `  credit: ${q(`合成データ（ベンチマーク用コーパス生成器、seed ${plan.seed}、No. ${n}）`)}`,
    'synthetic: true',
    '---',
    '',
  ];
  const markdown = `${fm.join('\n')}\n${body.join('\n\n')}\n`;
  return {
    year: iso.slice(0, 4),
    name: `${iso}-synthetic-${n}`,
    markdown,
    statements: statements.map(({ turn: t, s }) => ({ turn: t, words: s.words })),
  };
}
