// Worker entry: wires the training engine to the worker global. Each worker loads its own
// instance of the core and owns the runs the pool assigns to it.
import { loadDescentModule } from '../core/load-module';
import { TrainingEngine } from './engine';
import { transferables, type ToWorker } from './protocol';

// The app is type-checked with the DOM library; only these two members of the worker global
// are used, so they are typed here rather than mixing in the WebWorker library.
const scope = self as unknown as {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
};

// A MessageChannel hop yields to the event loop without setTimeout's clamping.
const channel = new MessageChannel();
const deferred: (() => void)[] = [];
channel.port1.onmessage = () => deferred.shift()?.();

const engine = new TrainingEngine({
  post: (message) => scope.postMessage(message, transferables(message)),
  now: () => performance.now(),
  defer: (task) => {
    deferred.push(task);
    channel.port2.postMessage(null);
  },
  loadModule: loadDescentModule,
});

scope.onmessage = (event) => {
  void engine.handle(event.data);
};
