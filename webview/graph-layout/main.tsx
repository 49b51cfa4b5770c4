// The graph editor's layout worker: ELK's own worker script, bundled as a file of its own so the layered
// layout of a big pipeline never blocks the webview's main thread (webview/graph/layout.ts talks to it).
import 'elkjs/lib/elk-worker.min.js';
