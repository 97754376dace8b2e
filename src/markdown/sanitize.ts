/**
 * The sanitiser every transcript page goes through (rehype-sanitize, GitHub's schema extended for the
 * transcript markup): whatever a content file says, only the elements and attributes of the HTML
 * contract (README) reach the page, and `href`/`src` only with the schemes of urls.ts.
 *
 * The content check (remark-safe-urls) refuses unsafe links with their line; this is the second line
 * of defence, so that a mistake there can never ship a script link.
 */
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import { LINK_PROTOCOLS, MEDIA_PROTOCOLS } from '../model/urls.ts';

const bare = (protocols: readonly string[]) => protocols.map((p) => p.replace(/:$/u, ''));

/** GitHub's attributes of `tag`, with any class allowed (GitHub allows only a few fixed ones). */
function withClass(tag: string, ...more: string[]): NonNullable<SanitizeSchema['attributes']>[string] {
  const own = (defaultSchema.attributes?.[tag] ?? []).filter((a) => !(Array.isArray(a) ? a[0] === 'className' : a === 'className'));
  return [...own, 'className', ...more];
}

export const transcriptSanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'article', 'header', 'section'],
  attributes: {
    ...defaultSchema.attributes,
    article: ['id', 'className', 'dataRole', 'dataSpeaker', 'dataPerson', 'dataPosition', 'dataReplyTo'],
    section: ['id', 'className', 'dataSection'],
    header: [],
    div: withClass('div', 'id'),
    span: withClass('span'),
    a: withClass('a', 'title'),
  },
  protocols: {
    ...defaultSchema.protocols,
    href: bare(LINK_PROTOCOLS),
    src: bare(MEDIA_PROTOCOLS),
    cite: bare(MEDIA_PROTOCOLS),
    longDesc: bare(MEDIA_PROTOCOLS),
  },
  // Every id on a transcript page is the pipeline's own (t3, topic-1, section-2-title…): raw HTML is
  // text and footnotes are refused, so no content can bring an id to clobber.
  clobber: [],
  clobberPrefix: '',
};

export const rehypeTranscriptSanitize: [typeof rehypeSanitize, SanitizeSchema] = [rehypeSanitize, transcriptSanitizeSchema];
