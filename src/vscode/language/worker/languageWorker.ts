// The language worker's entry (dist/languageWorker.js): analyses pipelines off the extension host's main
// thread. Messages are handled in arrival order; analysis runs on the next turn, after every message
// already queued, so a burst of keystrokes is analysed once, at its newest version.
import { parentPort, workerData } from 'node:worker_threads';
import { parseToLanguageWorker, type FromLanguageWorker } from '../../../language/worker/protocol.js';
import { StaleRequestError } from '../../../language/worker/PipelineLanguageService.js';
import { createLanguageService, type LanguageWorkerData } from './createService.js';

const port = parentPort;
if (!port) throw new Error('languageWorker.js runs as a worker thread only');

const send = (m: FromLanguageWorker): void => port.postMessage(m);
const service = createLanguageService(workerData as LanguageWorkerData, (uri, version, diagnostics, ms) => send({ type: 'diagnostics', uri, version, diagnostics, ms }));
let scheduled = false;

port.on('message', (raw: unknown) => {
  const m = parseToLanguageWorker(raw);
  if (!m) return;
  if (m.type !== 'request') {
    service.handle(m);
    if (service.pending && !scheduled) {
      scheduled = true;
      setImmediate(() => {
        scheduled = false;
        service.flush();
      });
    }
    return;
  }
  try {
    send({ type: 'response', id: m.id, ok: true, result: service.request(m.uri, m.version, m.request) });
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    send(e instanceof StaleRequestError ? { type: 'response', id: m.id, ok: false, stale: true, error } : { type: 'response', id: m.id, ok: false, error });
  }
});
send({ type: 'ready' });
