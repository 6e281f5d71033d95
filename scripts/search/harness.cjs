// Run a build's search worker in Node, without a browser (scripts/search/recall.py, tests/search/).
//
//   node scripts/search/harness.cjs SITE_DIR [--native | --worker=URL] < steps.json > answers.json
//
// Runs the site's workers/search-relax.js around the engine's worker (--worker: its `?worker=` instead;
// --native: the engine's worker alone), sends the index, then per step {"q": "text"} a query, {"more":
// true} Zensical's next page, or {"message": {...}}; prints per step {"total", "locations", and for
// Zensical "ids", "prev", "next"}, or {"none": true}.
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

let waiting = null; // resolves the pending send() with the worker's answer
const target = new EventTarget(); // the worker's global scope receives messages as events
const self = {
  console, URL, Intl, Map, Set, Math, Uint8Array, Uint32Array, Array, Object, JSON, Error, RangeError,
  TypeError, RegExp, String, Number, Symbol, Date, Promise, MessageEvent, structuredClone, setTimeout,
  parseInt, parseFloat, isNaN, Infinity, NaN,
  location: new URL(`http://127.0.0.1/assets/javascripts/workers/search-relax.js?worker=${encodeURIComponent(
    worker === undefined ? `/assets/javascripts/workers/${original}` : worker)}`),
  postMessage: (message) => {
    if (waiting && [1, 3, 4].includes(message.type)) waiting(structuredClone(message)); // ready, result, error
  },
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
  // The first answer, at once or after a few timers; none after 20 s (a busy machine can starve the worker).
  return new Promise((resolve) => {
    const timer = setTimeout(() => waiting(undefined), 20000);
    waiting = (answer) => { clearTimeout(timer); waiting = null; resolve(answer); };
    // Zensical's worker sets self.onmessage; Material's listens with addEventListener.
    if (typeof self.onmessage === "function") self.onmessage({ data });
    else target.dispatchEvent(new MessageEvent("message", { data }));
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
