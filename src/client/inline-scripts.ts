/**
 * The site's two inline scripts, as the pages write them. Both must run before anything else (the
 * theme before the first paint, the search manifest's fetch before the page's modules arrive), so they
 * are classic scripts in the page rather than modules; and the pages' Content-Security-Policy allows
 * no inline script it has no hash of. Astro hashes the scripts it bundles, not these: each page that
 * writes one adds its hash (`Astro.csp.insertScriptHash(cspHash(…))`, src/astro/csp.ts). Their text is
 * fixed — what differs by site is read from the page (`data-manifest`) — so the hash is too.
 */
import { THEME_KEY } from './theme.ts';

/** The chosen theme before the first paint, so that a dark page never flashes light (and back). */
export const THEME_SCRIPT = `try{const t=localStorage.getItem(${JSON.stringify(THEME_KEY)});if(t==='dark'||t==='light')document.documentElement.dataset.theme=t}catch{}`;

/**
 * A shared link's search needs the manifest first: asked for while the page's modules are still on the
 * way (search-page.ts takes it from `window.kaikenSearchManifest`). The URL is the script's own
 * `data-manifest`, so that the text, and its hash, are the same under every base path.
 */
export const EARLY_MANIFEST_SCRIPT =
  "if(/[?&](q|quote|role|speaker|kind|from|to)=[^&]/.test(location.search)){const m=fetch(document.currentScript.dataset.manifest,{cache:'no-cache'}).then(r=>r.ok?r.arrayBuffer():Promise.reject(new Error('HTTP '+r.status)));m.catch(()=>{});window.kaikenSearchManifest=m}";
