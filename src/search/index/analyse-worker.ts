/** Worker thread of analyse.ts: receives one briefing's parts at a time, answers with its analysis. */
import { parentPort } from 'node:worker_threads';
import { analyseBriefing, type AnalysisPart } from './analyse.ts';

parentPort!.on('message', (parts: AnalysisPart[]) => {
  void analyseBriefing(parts).then((analysis) => parentPort!.postMessage(analysis));
});
