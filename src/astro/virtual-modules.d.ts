/** The integration's virtual modules (virtual.ts). */
declare module 'virtual:transcript-archive/config' {
  const config: import('./options.ts').SiteConfig;
  export default config;
  /** `https://example.org/kaiken/` when the site URL is known, otherwise null (no absolute links can be made). */
  export const siteUrl: string | null;
}

declare module 'virtual:transcript-archive/archive' {
  /** The archive the integration read: its briefings, their mistakes, and their transcripts and pages from the cache. */
  export function getArchive(): import('../archive/archive.ts').TranscriptArchive;
}
