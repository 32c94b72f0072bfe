// Version 1 → 2. Version 2 links are read by the page-state table alone; what version 1
// meant by an absent field or an old name is spelled out here:
//  - `evalEvery` absent meant 50 (the cadence before the automatic one, 0, became the
//    default), so an old link that left it out computes what it always did;
//  - `demo` could hold the id of a preset the page defined before the core's gallery did
//    all demos ("too-high-lr"); it now names the core demo that replaced it.
import { retiredDemoName } from './retired-demos';

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function v1ToV2(state: unknown): unknown {
  if (!isObject(state)) return state;
  const out: JsonObject = { ...state };
  if (out.evalEvery === undefined) out.evalEvery = 50;
  if (typeof out.demo === 'string') out.demo = retiredDemoName(out.demo) ?? out.demo;
  return out;
}
