/**
 * What the site keeps in memory of a briefing between reading it and rendering it: its frontmatter,
 * counts and speakers, computed once from the parsed transcript and cached with it (cache.ts).
 */
import type { BriefingFrontmatter } from '../model/frontmatter.ts';
import type { StatementRole } from '../model/model.ts';
import type { ParsedTranscript } from './parse.ts';
import type { MediaReference } from '../markdown/remark-safe-urls.ts';

/** A speaker of a briefing as on its page, who they are (the speaker rules: model/identity.ts), and their turns. */
export interface SpeakerCount {
  speaker: string;
  role: StatementRole;
  /** The person and position the rules resolve the speaker to; absent when nobody is known. */
  person?: string;
  position?: string;
  statements: number;
}

/** What the site needs of a briefing without reading its transcript again. */
export interface BriefingSummary {
  /** URL slug: the path under the content directory, POSIX separators, no `.md`. */
  slug: string;
  /** The file as shown in messages (relative to the project root). */
  path: string;
  /** Absolute path of the file. */
  file: string;
  /** Content hash: the cache key, and what tells the index and the dev server a briefing changed. */
  hash: string;
  frontmatter: BriefingFrontmatter;
  turns: number;
  questions: number;
  /** Search units: the turns, and the lead when there is one. */
  statements: number;
  speakers: SpeakerCount[];
  /** Images to publish with the page: [URL as written, absolute source file]. */
  media: Array<[string, string]>;
}

/** The part of a summary that depends only on the file's bytes: what the cache keeps. */
export type CachedSummary = Omit<BriefingSummary, 'slug' | 'path' | 'file' | 'hash' | 'media'> & { mediaRefs: MediaReference[] };

export function summarize(t: ParsedTranscript): CachedSummary {
  const speakers = new Map<string, SpeakerCount>();
  const count = (key: string, s: Omit<SpeakerCount, 'statements'>) => {
    const had = speakers.get(key);
    if (had) had.statements++;
    else speakers.set(key, { ...s, statements: 1 });
  };
  let turns = 0;
  let questions = 0;
  for (const section of t.body.sections) {
    for (const topic of section.topics) {
      for (const turn of topic.turns) {
        turns++;
        if (turn.role === 'reporter') questions++;
        const who = turn.identity;
        count(`${turn.role}\0${turn.speaker}\0${who?.person ?? ''}\0${who?.position ?? ''}`, {
          speaker: turn.speaker,
          role: turn.role,
          ...(who ? { person: who.person } : {}),
          ...(who?.position ? { position: who.position } : {}),
        });
      }
    }
  }
  const statements = turns + (t.body.lead.length > 0 ? 1 : 0);
  return { frontmatter: t.frontmatter, turns, questions, statements, speakers: [...speakers.values()], mediaRefs: t.media };
}

