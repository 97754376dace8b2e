/**
 * The archive's vocabulary: roles, positions, kinds of briefing and kinds of section — each in one
 * table that the site, the search index, the search page, the CLIs and the importer all read.
 *
 * No Node imports: the search page's bundle includes this file.
 */

// --- roles -------------------------------------------------------------------------------------

/** Who a turn belongs to. `official` is whoever holds the conference. */
export const ROLES = ['official', 'reporter', 'moderator'] as const;
export type Role = (typeof ROLES)[number];

/** What a search result can be: a turn of one of the roles, or a briefing's lead paragraphs. */
export const STATEMENT_ROLES = [...ROLES, 'lead'] as const;
export type StatementRole = (typeof STATEMENT_ROLES)[number];

/** How a role is shown to readers (search filters, result lists, exports). */
export const ROLE_NAMES: Record<StatementRole, string> = {
  official: '会見者',
  reporter: '記者',
  moderator: '司会',
  lead: 'リード',
};

export function isStatementRole(s: string): s is StatementRole {
  return (STATEMENT_ROLES as readonly string[]).includes(s);
}

/** Exact label words that stand for a role on their own (after full-width letters are folded). */
export const ROLE_WORDS: Readonly<Record<string, Role>> = {
  記者: 'reporter',
  質問者: 'reporter',
  問: 'reporter',
  Q: 'reporter',
  司会: 'moderator',
  司会者: 'moderator',
  進行: 'moderator',
  答: 'official',
  A: 'official',
};

// --- positions ---------------------------------------------------------------------------------

export interface Position {
  /** As written in labels, titles and headings (`海上幕僚長`, or the short `海幕長`). */
  name: string;
  /** The full title a short form stands for (`海幕長` → `海上幕僚長`); absent for full titles. */
  full?: string;
  /** ASCII word for imported file names (`kaijo-bakuryocho`). */
  slug: string;
}

/**
 * Positions of people who hold (or answer at) a press conference. Matched longest first, so that
 * `上川外務大臣` splits into name 上川 + position 外務大臣 rather than 上川外務 + 大臣.
 */
export const POSITIONS: readonly Position[] = (
  [
    { name: '内閣総理大臣', slug: 'sori' },
    { name: '内閣官房長官', slug: 'kanbochokan' },
    { name: '防衛大臣政務官', slug: 'seimukan' },
    { name: '外務大臣政務官', slug: 'gaimu-seimukan' },
    { name: '防衛装備庁長官', slug: 'sobicho-chokan' },
    { name: '防衛事務次官', slug: 'jimujikan' },
    { name: '防衛審議官', slug: 'shingikan' },
    { name: '統合幕僚長', slug: 'togo-bakuryocho' },
    { name: '陸上幕僚長', slug: 'rikujo-bakuryocho' },
    { name: '海上幕僚長', slug: 'kaijo-bakuryocho' },
    { name: '航空幕僚長', slug: 'koku-bakuryocho' },
    { name: '防衛副大臣', slug: 'fukudaijin' },
    { name: '外務副大臣', slug: 'gaimu-fukudaijin' },
    { name: '外務報道官', slug: 'gaimu-hodokan' },
    { name: '防衛大臣', slug: 'daijin' },
    { name: '外務大臣', slug: 'gaimu-daijin' },
    { name: '大臣政務官', slug: 'seimukan' },
    { name: '事務次官', slug: 'jimujikan' },
    { name: '官房長官', slug: 'kanbochokan' },
    { name: '総理大臣', slug: 'sori' },
    { name: '報道官', slug: 'hodokan' },
    { name: '副大臣', slug: 'fukudaijin' },
    { name: '政務官', slug: 'seimukan' },
    { name: '幕僚長', slug: 'bakuryocho' },
    { name: '審議官', slug: 'shingikan' },
    { name: '報道室長', slug: 'hodoshitsucho' },
    { name: '広報室長', slug: 'kohoshitsucho' },
    // Short forms used in headings and labels of the defence news sites and the 防衛省 pages.
    { name: '統幕長', full: '統合幕僚長', slug: 'togo-bakuryocho' },
    { name: '陸幕長', full: '陸上幕僚長', slug: 'rikujo-bakuryocho' },
    { name: '海幕長', full: '海上幕僚長', slug: 'kaijo-bakuryocho' },
    { name: '空幕長', full: '航空幕僚長', slug: 'koku-bakuryocho' },
    { name: '次官', full: '事務次官', slug: 'jimujikan' },
    { name: '大臣', slug: 'daijin' },
    { name: '長官', slug: 'chokan' },
    { name: '総理', slug: 'sori' },
    { name: '局長', slug: 'kyokucho' },
    { name: '部長', slug: 'bucho' },
    { name: '室長', slug: 'shitsucho' },
    { name: '参事官', slug: 'sanjikan' },
    { name: '司令官', slug: 'shireikan' },
    { name: '議長', slug: 'gicho' },
    { name: '補佐官', slug: 'hosakan' },
  ] satisfies Position[]
).toSorted((a, b) => b.name.length - a.name.length);

/** The position that `words` ends with (longest match), and the name before it. */
export function splitPosition(words: string): { name: string; position: Position } | null {
  for (const position of POSITIONS) {
    if (words.endsWith(position.name)) return { name: words.slice(0, -position.name.length), position };
  }
  return null;
}

/** The first position (longest first) that occurs anywhere in `text`, e.g. in a title. */
export function findPosition(text: string): Position | null {
  return POSITIONS.find((p) => text.includes(p.name)) ?? null;
}

// --- kinds of briefing -------------------------------------------------------------------------

/** Kinds of press conference the sources name; other words are kept as written. */
export const KINDS: Readonly<Record<string, { slug: string }>> = {
  定例: { slug: 'teirei' },
  臨時: { slug: 'rinji' },
};

// --- kinds of section --------------------------------------------------------------------------

/** What a `##` section of a transcript holds. */
export const SECTION_KINDS = ['announcement', 'qa', 'other'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/** Words in a section heading that tell its kind; Q&A words are checked first (質疑応答 over 発言). */
const SECTION_WORDS: ReadonlyArray<[RegExp, SectionKind]> = [
  [/質疑|質問|問答/u, 'qa'],
  [/発表|冒頭|報告事項|発言/u, 'announcement'],
];

/** What a section heading announces, from the words real transcripts use. */
export function sectionKindOf(heading: string): SectionKind {
  for (const [words, kind] of SECTION_WORDS) if (words.test(heading)) return kind;
  return 'other';
}
