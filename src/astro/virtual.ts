/**
 * The integration's virtual modules, as Starlight exposes its configuration
 * (`virtual:starlight/user-config`): a Vite plugin, added in `astro:config:setup`, that gives pages,
 * endpoints and the collection loader what the integration knows.
 *
 * - `virtual:transcript-archive/config`: the site's options (options.ts, with their defaults) as data,
 *   and `siteUrl`, the site's origin and base (`https://example.org/kaiken/`) or null without SITE_URL.
 * - `virtual:transcript-archive/archive`: `getArchive()`, the archive this integration read. An archive
 *   is not data (it reads the cache, follows edits in `astro dev`), so the module hands out the
 *   integration's own instance, through instance.cjs: see there why that is one module for the process.
 *
 * Types for both are in virtual-modules.d.ts.
 */
import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'astro';
import type { SiteConfig } from './options.ts';

const PREFIX = 'virtual:transcript-archive/';
const INSTANCE = fileURLToPath(new URL('./instance.cjs', import.meta.url));

export interface VirtualModulesContext {
  /** This integration's key in instance.cjs. */
  id: string;
  config: SiteConfig;
  siteUrl: URL | null;
}

export function vitePluginTranscriptArchive(context: VirtualModulesContext): NonNullable<ViteUserConfig['plugins']>[number] {
  const modules: Record<string, string> = {
    config: `export default ${JSON.stringify(context.config)};\nexport const siteUrl = ${JSON.stringify(context.siteUrl?.href ?? null)};\n`,
    archive:
      `import { createRequire } from 'node:module';\n` +
      `const instances = createRequire(import.meta.url)(${JSON.stringify(INSTANCE)});\n` +
      `export function getArchive() { return instances.getArchive(${JSON.stringify(context.id)}); }\n`,
  };
  return {
    name: 'transcript-archive:virtual-modules',
    resolveId(id) {
      return id.startsWith(PREFIX) && id.slice(PREFIX.length) in modules ? `\0${id}` : undefined;
    },
    load(id) {
      return id.startsWith(`\0${PREFIX}`) ? modules[id.slice(PREFIX.length + 1)] : undefined;
    },
  };
}
