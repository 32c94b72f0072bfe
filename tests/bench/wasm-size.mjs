// node tests/bench/wasm-size.mjs FILE.wasm
// What makes the .wasm big: bytes per section, and (for a build linked with
// --profiling-funcs, which keeps function names) code bytes grouped by what the function
// belongs to: Eigen, nlohmann::json, Embind, libc/libc++, the optimizer zoo, ... Used for
// the size notes in wasm-build/README.md; scripts/wasm-size.sh links the named build.
import fs from 'node:fs';
import zlib from 'node:zlib';

const bytes = fs.readFileSync(process.argv[2]);
let pos = 8;
const leb = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return result;
  }
};
const SECTIONS = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];
const sections = [];
let code = null;
let names = null;
let importedFunctions = 0;
while (pos < bytes.length) {
  const id = bytes[pos++];
  const size = leb();
  const start = pos;
  let name = SECTIONS[id] ?? `id${id}`;
  if (id === 0) {
    const n = leb();
    name = `custom:${bytes.subarray(pos, pos + n).toString()}`;
    if (name === 'custom:name') names = { start: pos + n, end: start + size };
  }
  if (id === 2) {
    const count = leb();
    for (let i = 0; i < count; i++) {
      for (let k = 0; k < 2; k++) pos += leb();
      const kind = bytes[pos++];
      if (kind === 0) { importedFunctions++; leb(); }
      else if (kind === 1) { pos++; const f = bytes[pos++]; leb(); if (f & 1) leb(); }
      else if (kind === 2) { const f = bytes[pos++]; leb(); if (f & 1) leb(); }
      else if (kind === 3) { pos += 2; }
      else if (kind === 4) { pos++; leb(); }
    }
  }
  if (id === 10) {
    const count = leb();
    code = [];
    for (let i = 0; i < count; i++) {
      const s = leb();
      code.push(s);
      pos += s;
    }
  }
  sections.push({ name, size });
  pos = start + size;
}
const functionNames = new Map();
if (names) {
  pos = names.start;
  while (pos < names.end) {
    const sub = bytes[pos++];
    const size = leb();
    const end = pos + size;
    if (sub === 1) {
      const count = leb();
      for (let i = 0; i < count; i++) {
        const index = leb();
        const n = leb();
        functionNames.set(index, bytes.subarray(pos, pos + n).toString());
        pos += n;
      }
    }
    pos = end;
  }
}
const gz = zlib.gzipSync(bytes, { level: 9 }).length;
console.log(`${process.argv[2]}: ${bytes.length} bytes (gzip -9: ${gz})`);
for (const s of sections.sort((a, b) => b.size - a.size)) console.log(`  ${s.name.padEnd(28)} ${String(s.size).padStart(9)}`);
if (code && functionNames.size > 0) {
  const groups = [
    ['Eigen GEMM / products', /Eigen::internal::(gemm|general_matrix|gebp|gemm_pack|general_block|product|triangular|selfadjoint)/],
    ['Eigen (other)', /Eigen::/],
    ['nlohmann::json', /nlohmann/],
    ['Embind', /emscripten::|embind|_embind/],
    ['optimizer zoo', /descent::.*(optimizers|Lion|Muon|Shampoo|Sam|Lbfgs|Newton|Adabound|Adabelief|Ademamix|Prodigy|Dadapt|Schedule|family|make_|catalog)/i],
    ['descent (other)', /descent::/],
    ['libc++ / libc', /std::|^__|^_Z|^str|^mem|^malloc|^free|^dl|^printf|^vfprintf|^fmt|^pop_arg|^sn?printf/],
  ];
  const totals = new Map(groups.map(([g]) => [g, 0]));
  totals.set('other', 0);
  const top = [];
  code.forEach((size, i) => {
    const name = functionNames.get(i + importedFunctions) ?? '';
    const group = groups.find(([, re]) => re.test(name))?.[0] ?? 'other';
    totals.set(group, totals.get(group) + size);
    top.push([size, name]);
  });
  console.log('code by group (bytes):');
  for (const [g, t] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`  ${g.padEnd(28)} ${String(t).padStart(9)}`);
  console.log('largest functions:');
  for (const [size, name] of top.sort((a, b) => b[0] - a[0]).slice(0, 15)) console.log(`  ${String(size).padStart(7)} ${name.slice(0, 110)}`);
}
