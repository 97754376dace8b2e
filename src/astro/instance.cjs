// @ts-check
/**
 * The archive each transcriptArchive() integration read, for the pages and the collection loader of
 * the same build or dev server — reached through `virtual:transcript-archive/archive` (virtual.ts).
 *
 * Astro runs the integration, the content loader and the pages as three separate module instances
 * (the config's module runner, the content layer's, the pages' bundle), so a variable in a project
 * module is three variables. This module is loaded with Node's own `require` from all three, so Node's
 * module cache holds it once per process: one Map, keyed by the integration's id, and no global.
 * CommonJS, so that any Node that runs Astro loads it as it is.
 */
'use strict';

/** @type {Map<string, unknown>} */
const archives = new Map();

/** @param {string} id @param {unknown} archive */
exports.setArchive = (id, archive) => {
  archives.set(id, archive);
};

/** @param {string} id */
exports.getArchive = (id) => {
  const archive = archives.get(id);
  if (archive === undefined) throw new Error('the transcript archive is not read yet: its integration reads it in astro:config:setup');
  return archive;
};
