// One worker of the parallel workload (W6), in Node (worker_threads) or a browser (module
// Worker). Messages: {op: 'init', moduleUrl, wasmBinary, config} -> 'ready' once the run is
// warm; {op: 'go', ms} -> {steps, seconds} after stepping for ms.
import { calibrate, timeChunks, warm } from './timing.mjs';

const isNode = typeof process !== 'undefined' && process.versions?.node;
const port = isNode ? (await import('node:worker_threads')).parentPort : self;
const listen = (handler) =>
  isNode ? port.on('message', handler) : port.addEventListener('message', (e) => handler(e.data));

let call;
let chunk;
listen(async (msg) => {
  if (msg.op === 'init') {
    const factory = (await import(msg.moduleUrl)).default;
    const module = await factory({ wasmBinary: msg.wasmBinary });
    const fresh = () => new module.Run(JSON.stringify(msg.config));
    let run = fresh();
    call = (n) => {
      if (run.status() !== 'running') {
        run.delete();
        run = fresh();
      }
      const done = run.step(n);
      run.takeMetrics();
      return done;
    };
    chunk = calibrate(call);
    warm(call, chunk);
    port.postMessage('ready');
  } else if (msg.op === 'go') {
    port.postMessage(timeChunks(call, chunk, msg.ms));
  }
});
