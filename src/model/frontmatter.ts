/**
 * The frontmatter of a transcript: the one schema, used by the content check (the reader,
 * src/archive/frontmatter.ts), the content collection and the importer.
 *
 * Only `title` and `date` are required; the rest is what real briefings carry.
 */
import { z } from 'astro/zod';
import { parseIsoDate } from '../japanese/era.ts';
import { familyName } from './names.ts';

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/u;

/** YAML turns an unquoted 2025-09-08 into a Date; accept both and keep the ISO string. */
const isoDate = z.preprocess(
  (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
  z
    .string({ error: 'must be a date written YYYY-MM-DD' })
    .refine((s) => parseIsoDate(s) !== null, { message: 'must be a real date written YYYY-MM-DD (e.g. 2025-09-08)' }),
);

const time = z.string().regex(TIME, { message: 'must be a 24-hour time HH:MM (quote it: "17:05")' });

export const speakerSchema = z.object({
  name: z.string().min(1),
  /** Reading in hiragana, e.g. なかたに げん. */
  reading: z.string().optional(),
  /** Position at the time, e.g. 防衛大臣. */
  position: z.string().optional(),
});

export const briefingSchema = z
  .object({
    title: z.string({ error: 'is required: the briefing\'s title' }).min(1, { message: 'must not be empty' }),
    date: isoDate,
    start: time.optional(),
    end: time.optional(),
    /** Free note on the times, e.g. 現地時間. */
    timeNote: z.string().optional(),
    place: z.string().optional(),
    /** 定例 (regular) or 臨時 (extraordinary); other kinds are kept as written. */
    kind: z.string().optional(),
    speakers: z.array(speakerSchema).optional(),
    source: z
      .object({
        // A page address, shown as the 出典 link: http(s) only, never javascript:, data: or file:.
        url: z.url({ protocol: /^https?$/u, error: 'must be the http:// or https:// address of the published page' }).optional(),
        credit: z.string().optional(),
        /** When the source published it (ISO date or date-time as written). */
        published: z.string().optional(),
      })
      .optional(),
    /** Set by the benchmark's corpus generator: the text is not a real briefing. */
    synthetic: z.boolean().optional(),
  })
  .strict();

export type BriefingFrontmatter = z.infer<typeof briefingSchema>;

/** The principal official: who an unlabelled announcement paragraph is attributed to. */
export function principalSpeaker(fm: Pick<BriefingFrontmatter, 'speakers'>): string {
  const first = fm.speakers?.[0];
  if (!first) return '発表者';
  // 「中谷 元」+「防衛大臣」→「中谷防衛大臣」, the way transcripts and news refer to an official.
  const family = familyName(first.name);
  return first.position ? `${family}${first.position}` : first.name;
}
