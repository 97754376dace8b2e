/**
 * Page chrome known by its phrases: what publishers put around a transcript (skip links,
 * breadcrumbs, site names, navigation, footers, video links, "related articles"). Each rule names
 * why the line is dropped, which `--report` shows.
 *
 * Phrases alone never end a transcript: a navigation line such as `目次へ戻る` sits between the
 * topics of older 外務省 pages. Where the transcript ends is decided by position too (see
 * `findEnd` in body.ts): the first such line after which no speaker label or section heading follows.
 */
import type { Line } from './lines.ts';

interface ChromeRule {
  reason: string;
  /** `header`: only recognised before the transcript starts; `anywhere`: also between turns. */
  scope: 'header' | 'anywhere';
  test(norm: string): boolean;
}

const exact = (...phrases: string[]) => {
  const set = new Set(phrases.map((p) => p.toLowerCase()));
  return (norm: string) => set.has(norm.toLowerCase());
};

const RULES: readonly ChromeRule[] = [
  {
    reason: 'skip link',
    scope: 'header',
    test: (n) => /^(?:ページの先頭です。?|メニューを飛ばして本文へ|本文へ(?:移動|スキップ)?|ここから本文です。?|ここまで本文です。?|メインコンテンツ(?:へ移動|にスキップ)|skip to (?:main )?content)$/iu.test(n),
  },
  {
    reason: 'breadcrumbs',
    scope: 'header',
    test: (n) => !n.includes('。') && (/^(?:ホーム|トップ|home|top)\s*[>›»]/iu.test(n) || (n.match(/\s[>›»]\s/gu)?.length ?? 0) >= 2),
  },
  {
    reason: 'site header',
    scope: 'header',
    test: exact(
      '日本の防衛と安全保障の今を伝える', 'site search', 'menu', 'メニュー', '検索', 'サイト内検索', '文字サイズ', '文字サイズ変更',
      '標準', '拡大', 'english', 'やさしい日本語', '防衛省・自衛隊', '外務省', '印刷', '印刷する', 'シェア', 'ツイート', 'tweet', '閉じる',
    ),
  },
  { reason: 'site name', scope: 'header', test: (n) => /^\[[^[\]]{1,30}\]$/u.test(n) },
  // A ministry site's menu and breadcrumbs written as words in a row (外務省's older pages), and the
  // page's own heading above the record (`記者会見`, `INDEX` over a month's contents).
  {
    reason: 'site menu',
    scope: 'header',
    test: (n) => !n.includes('。') && n.split(/\s+/u).length >= 3 && /(?:^|\s)(?:サイトマップ|English|トップページ|よくある質問集?|報道・広報|各種手続き)(?:\s|$)/u.test(n),
  },
  { reason: 'page heading', scope: 'header', test: exact('記者会見', 'INDEX') },
  { reason: 'contents heading', scope: 'header', test: exact('目次', 'もくじ', '本日の会見の目次') },
  {
    reason: 'navigation',
    scope: 'anywhere',
    test: (n) => /^(?:[^。、\s]{0,20}へ戻る|(?:この)?ページの(?:先頭|トップ)へ(?:戻る)?|page ?top|▲\s*(?:ページ|このページ)?(?:の)?(?:先頭|トップ|top)へ?)$/iu.test(n),
  },
  {
    reason: 'footer',
    scope: 'anywhere',
    test: (n) =>
      /^(?:\(c\)|©|copyright\b)/iu.test(n) ||
      /all rights reserved\.?$/iu.test(n) ||
      /^(?:御意見御要望|ご意見・?ご要望|サイトマップ|プライバシーポリシー|個人情報の取り扱い|利用規約|ウェブアクセシビリティ|リンク・著作権について|お問い合わせ|よくある質問)$/u.test(n),
  },
  { reason: 'end of the transcript', scope: 'anywhere', test: (n) => n === '(以上)' },
  // A copier's separator between its contents list and the transcript: `======`, `─────`.
  { reason: 'separator', scope: 'anywhere', test: (n) => /^([=─━])\1{3,}$/u.test(n) },
  // Before the transcript, a line with no letter and no digit is no text: an image's empty `![]() |`, a `|`.
  { reason: 'stray marks', scope: 'header', test: (n) => !/[\p{L}\p{N}]/u.test(n) },
  { reason: 'advertisement', scope: 'header', test: (n) => /^\[PR\]/u.test(n) },
  {
    reason: 'video link',
    scope: 'anywhere',
    test: (n) =>
      /^(?:動画版[①-⑳0-9]?|動画はこちら|youtube|防衛省youtube|\(動画\).{0,60}|【動画】.{0,60})$/iu.test(n) ||
      (/動画/u.test(n) && /会見の様子\)?$/u.test(n) && n.length <= 60) ||
      /^[^。、]{0,30}会見の様子$/u.test(n) ||
      // The ministry's English version on a video site: `英語版(English)https://youtu.be/…`, `- 英語版(English) • 〔…〕…`.
      /^[-•\s]*英語版\s*\(english\)/iu.test(n),
  },
  {
    reason: 'related articles',
    scope: 'anywhere',
    test: (n) => /^(?:◎.*(?:次の記事|前の記事).*|ranking.*|読まれている記事|関連記事|前の記事|次の記事|\[次の記事\].*|\[前の記事\].*)$/iu.test(n),
  },
];

/** Why `line` is page chrome, or null. `inHeader`: the line comes before the transcript starts. */
export function chromeReason(line: Line, inHeader: boolean): string | null {
  if (line.text === '') return null;
  for (const rule of RULES) if ((inHeader || rule.scope === 'anywhere') && rule.test(line.norm)) return rule.reason;
  return null;
}

/** A line that may close a transcript (when nothing of the transcript follows it). */
export function mayEndTranscript(line: Line): boolean {
  return chromeReason(line, false) !== null;
}

/** The page's address, captured with its text: a line that is only an http(s) URL. */
export function isUrlLine(line: Line): boolean {
  return /^https?:\/\/\S+$/u.test(line.norm);
}

/** A news site's posting time under the title: `2025-9-11 09:01`. */
export const POSTED = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/u;
