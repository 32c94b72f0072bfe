// --extern-pre-js for the ES6 module (emscripten 3.1.6). Its Node branch still uses the
// CommonJS names __dirname and require, which an ES module does not have: loading it in
// Node then fails with "ReferenceError: __dirname is not defined in ES module scope".
// Define both at module scope. In a browser or worker they are unused.
// require: Node >= 20.16 has process.getBuiltinModule; elsewhere, pass `wasmBinary`.
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- read by the Emscripten glue after it
var __dirname =
  typeof process == 'object' && import.meta.url.startsWith('file:')
    ? decodeURIComponent(new URL('.', import.meta.url).pathname)
    : '';
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- read by the Emscripten glue after it
var require =
  typeof process == 'object' && typeof process.getBuiltinModule == 'function'
    ? (name) => process.getBuiltinModule(name)
    : (name) => {
        throw new Error('descent: cannot require("' + name + '") here: pass { wasmBinary } to the module factory');
      };
