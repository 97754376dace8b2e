/**
 * What went wrong, told to a reader in Japanese with what to do about it. The engine's own messages
 * are for developers (`Run npm run build`); a reader can only reconnect, reload or come back later.
 *
 * The engine turns every failed fetch into the same SearchIndexError, so the page's loader records
 * whether the network itself failed (fetch rejects) or the server answered with an error.
 */
import { SearchIndexError, fetchLoader, type Loader } from '../../search/query/engine.ts';
import { MANIFEST } from '../../search/format.ts';

export type Failure = 'offline' | 'missing' | 'updated' | 'damaged' | 'broken';

export const FAILURE_MESSAGES: Record<Failure, { text: string; action: string }> = {
  offline: {
    text: '検索用のデータを読み込めませんでした。インターネットに接続されているか確かめてから、もう一度お試しください。',
    action: 'もう一度検索',
  },
  missing: {
    text: '検索用のデータが見つかりませんでした。サイトの更新中かもしれません。しばらくしてから、もう一度お試しください。',
    action: 'もう一度検索',
  },
  updated: {
    text: 'サイトが更新されたため、検索できませんでした。ページを再読み込みしてください。',
    action: '再読み込み',
  },
  // A file of the index came, but not as the index says (cut short in transit, or another deploy's):
  // nothing of the search is shown, since part of it could be wrong.
  damaged: {
    text: '検索用のデータの一部が壊れているか、サイトの更新と食い違っているため、検索結果を表示できません。ページを再読み込みしてください。直らない場合は、しばらくしてからお試しください。',
    action: '再読み込み',
  },
  broken: {
    text: '検索中に問題が起きました。ページを再読み込みしてから、もう一度お試しください。',
    action: '再読み込み',
  },
};

export interface PageLoader {
  load: Loader;
  /** Whether the last failed fetch failed for want of a network (no answer at all). */
  readonly networkFailed: boolean;
}

/**
 * `fetchLoader` plus what the page needs: the manifest request the page's head may have started
 * before any module loaded (`early`), and a record of how the last fetch failed.
 */
export function pageLoader(searchUrl: string, early: Promise<ArrayBuffer> | null): PageLoader {
  const inner = fetchLoader(searchUrl);
  let pending = early;
  let networkFailed = false;
  const load: Loader = async (p, range) => {
    try {
      if (p === MANIFEST && pending) {
        const mine = pending;
        // Used once: a later manifest read (after a rebuild under the open page) must be a new request.
        pending = null;
        try {
          return new Uint8Array(await mine);
        } catch {
          return await inner(p);
        }
      }
      // The range goes through: without it a block costs its whole pack.
      const data = await inner(p, range);
      networkFailed = false;
      return data;
    } catch (error) {
      // fetch rejects with a TypeError when no answer came; an HTTP error status is the loader's Error.
      networkFailed = error instanceof TypeError;
      throw error;
    }
  };
  return {
    load,
    get networkFailed() {
      return networkFailed;
    },
  };
}

export function failureOf(error: unknown, networkFailed: boolean, online: boolean): Failure {
  if (networkFailed || !online) return 'offline';
  if (error instanceof SearchIndexError) return error.code === 'missing' ? 'missing' : error.code === 'damaged' ? 'damaged' : 'updated';
  return 'broken';
}
