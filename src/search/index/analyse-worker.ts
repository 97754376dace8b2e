/** Worker thread of analyse.ts: receives one briefing's parts at a time, answers with its analysis. */
import { parentPort, workerData } from 'node:worker_threads';
import { useSharedDictionary, type SharedDictionary } from '../../japanese/tokenize.ts';
import { analyseBriefing, type AnalysisPart } from './analyse.ts';

// The pool loaded the dictionary once for all its threads.
const { dictionary } = workerData as { dictionary: SharedDictionary };
useSharedDictionary(dictionary);

parentPort!.on('message', (parts: AnalysisPart[]) => {
  void analyseBriefing(parts).then((analysis) => parentPort!.postMessage(analysis));
});
