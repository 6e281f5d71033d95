// Run a build's search worker in Node, without a browser (scripts/search/recall.py, tests/search/).
//
//   node scripts/search/harness.cjs SITE_DIR [--native | --worker=URL] < steps.json > answers.json
//
// Works on either engine's build (Zensical: search.json; Material: search/search_index.json).
// Loads SITE_DIR/assets/javascripts/workers/search-relax.js as the worker script (as
// overrides/main.html does in the browser), which loads the engine's own worker from the same
// folder (--worker: the `?worker=` it is given instead); with --native, the engine's worker alone.
// Sends it the index, then one message per step:
//   {"q": "text"}            a query, as the engine's search box sends it (Zensical: no tag filter)
//   {"more": true}           Zensical: the next page of the previous answer ({"none": true} after the last)
//   {"message": {...}}       any other message, sent as is
// and prints, per step, {"total", "locations" (of the rows, in order), "ids", "prev", "next"}
// (Material: {"total" (pages), "locations" (each page, then its sections)}), or {"none": true} when
// the worker did not answer.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const site = process.argv[2];
const native = process.argv.includes("--native");
const worker = process.argv.filter((a) => a.startsWith("--worker=")).map((a) => a.slice(9))[0];
const workers = path.join(site, "assets", "javascripts", "workers");
const original = fs.readdirSync(workers).find((f) => /^search\.[0-9a-f]+\.min\.js$/.test(f));
const zensical = fs.existsSync(path.join(site, "search.json"));
const indexFile = path.join(site, zensical ? "search.json" : "search/search_index.json");
const index = JSON.parse(fs.readFileSync(indexFile, "utf8"));
const steps = JSON.parse(fs.readFileSync(0, "utf8"));

let sent = [];
const target = new EventTarget(); // the worker's global scope receives messages as events
const self = {
  console, URL, Intl, Map, Set, Math, Uint8Array, Uint32Array, Array, Object, JSON, Error, RangeError,
  TypeError, RegExp, String, Number, Symbol, Date, Promise, MessageEvent, structuredClone, setTimeout,
  parseInt, parseFloat, isNaN, Infinity, NaN,
  location: new URL(`http://127.0.0.1/assets/javascripts/workers/search-relax.js?worker=${encodeURIComponent(
    worker === undefined ? `/assets/javascripts/workers/${original}` : worker)}`),
  postMessage: (message) => sent.push(structuredClone(message)),
  addEventListener: (...args) => target.addEventListener(...args),
  dispatchEvent: (event) => target.dispatchEvent(event),
  importScripts: (...urls) => {
    for (const url of urls) {
      // Resolved as the browser would, then read from the site folder (Material's untuned build also
      // loads lunr's language files from assets/javascripts/lunr/).
      const file = path.join(site, decodeURIComponent(new URL(url, self.location).pathname));
      vm.runInContext(fs.readFileSync(file, "utf8"), self);
    }
  },
};
self.self = self;
vm.createContext(self);
if (native) self.importScripts(original);
else vm.runInContext(fs.readFileSync(path.join(workers, "search-relax.js"), "utf8"), self);

const noFilter = () => ({ input: { type: "operator", data: { operator: "and", operands: [] } } });
function send(data) {
  sent = [];
  // Zensical's worker sets self.onmessage; Material's listens with addEventListener.
  if (typeof self.onmessage === "function") self.onmessage({ data });
  else target.dispatchEvent(new MessageEvent("message", { data }));
  // The answer comes at once or after a few timers: poll, and give up after 20 s (no answer; every
  // query is answered, but a busy machine, such as parallel test workers, can starve the worker).
  const answered = () => sent.find((m) => m.type === 1 || m.type === 3 || m.type === 4);
  return new Promise((resolve) => {
    const started = Date.now();
    const poll = () => (answered() || Date.now() - started > 20000 ? resolve(answered()) : setTimeout(poll, 1));
    setTimeout(poll, 0);
  });
}

(async () => {
  // Material's search box adds its options to the index it sends.
  await send({ type: 0, data: zensical ? index : Object.assign({}, index, { options: { suggest: true } }) });
  const answers = [];
  let last = null;
  for (const step of steps) {
    let data;
    if (step.more && !(last && last.next)) { answers.push({ none: true }); continue; } // no next page
    if (step.q !== undefined) data = { type: 2, data: zensical ? { input: step.q, filter: noFilter() } : step.q };
    else if (step.more) data = { type: 2, data: { input: last.q, page: last.next, filter: noFilter() } };
    else data = step.message;
    const reply = await send(data);
    if (!reply || reply.type !== 3) { answers.push({ none: true }); continue; }
    if (!zensical) { // a list of pages, each [page, its sections...], as the result list shows them
      answers.push({ total: reply.data.items.length, locations: reply.data.items.flat().map((d) => d.location) });
      continue;
    }
    const { items, pagination } = reply.data;
    last = { q: step.q !== undefined ? step.q : last && last.q, next: pagination.next };
    answers.push({
      total: pagination.total,
      ids: items.map((i) => i.id),
      locations: items.map((i) => index.items[i.id].location),
      prev: pagination.prev !== undefined,
      next: pagination.next !== undefined,
    });
  }
  process.stdout.write(JSON.stringify(answers));
})();
