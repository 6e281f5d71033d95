/*
 * Site search, both engines: keep the query words the site knows, and let go of the rest.
 *
 * Runs as the search Web Worker of either build, around the engine's own worker (loaded below with
 * importScripts; overrides/main.html points the search at this file and names the original worker
 * in `?worker=`). The search box, the result list and the ranking stay the engine's.
 *
 * Why: a worried reader types whole phrases (「注文番号を忘れて解約できない」, 「ちゅうもんばんごうが
 * みつからない」, 「パッケージ版」), and each engine failed on them in its own way:
 *
 * - Zensical ANDs the words of a query and, for a word the site does not contain, guesses a
 *   "fuzzy" word of similar length. So one word the pages do not use, or two words that sit in
 *   different sections, left no result or a random one. Web search engines relax such queries; the
 *   Zensical part does the same, in three rules:
 *   1. A Japanese word that no indexed word starts with is left out of the query (Zensical's fuzzy
 *      guess for two kana or kanji is noise), and so is a lone kana (a particle or an ending cut off
 *      by the segmenter: に, の, て). Latin words are kept: there the guess corrects typos.
 *   2. When every word is known and the whole query finds three or more sections, nothing changes:
 *      Zensical answers exactly as it would without this file.
 *   3. Otherwise the hits of the whole query come first, then the hits of smaller sets of its words,
 *      the sets holding the rarest words first (the sum of inverse document frequencies), so that
 *      「ノートン」, which every page has, is the first word to let go.
 * - Material (lunr) matches each query word as the start of an indexed word, and lists pages that
 *   hold any of them; but a query word that starts no indexed word matches nothing, and a phrase
 *   typed without spaces is one long word. The Material part rewrites such a word into the site's
 *   own words it is made of, longest first, left to right (「パッケージ版」 → パッケージ + 版,
 *   「ちゅうもんばんごうがみつからない」 → ちゅうもんばんごう + …), and lets go of what is left.
 *   lunr then lists every page holding any word, by score; a page whose title holds one word often
 *   outranked the page whose section holds them all. So the answer is re-sorted: pages whose best
 *   section holds the most query words first, lunr's order between equals (the Zensical part's
 *   order, reached the other way). A query in lunr's syntax (+, -, *, ~, ^, :, ") is left as typed.
 *
 * Anything unexpected (another message format after an engine update, an error) passes the message
 * to the engine's worker unchanged. Tests: tests/search/test_relax.py (each rule, against each
 * engine's worker alone), tests/browser/test_search.py (recall through the real search boxes).
 */
(function () {
  "use strict";
  var original = new URL(self.location.href).searchParams.get("worker");
  if (!original || new URL(original, self.location.href).origin !== self.location.origin) {
    throw new Error("search-relax: missing or foreign ?worker=");
  }
  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  var MIN_NATIVE = 3; // rule 2: this many hits from the whole query are left alone
  var ENOUGH = 30; // stop relaxing once this many sections are listed
  var MAX_RUNS = 64; // at most this many smaller queries per typed query
  var PAGE = 10; // rows per page, like Zensical's own pagination
  var MAX_WORDS = 8; // a longer query keeps its 8 rarest words (2^8 - 1 smaller sets at most)
  // A lone kana (a particle or a verb ending cut off by the segmenter: に, の, て, い) is in almost
  // every section and only narrows the query to sections that happen to hold it.
  var STOP = /^[\p{Script=Hiragana}\p{Script=Katakana}ー]$/u;
  var SYNTAX = /[+\-*~^:"]/; // lunr's query syntax (Material): such a query is left as typed

  // --- Material: rewrite the query before Material's own listener sees it ----------------------
  var material = null; // Material's vocabulary, once its index has arrived
  var passing = false; // a rewritten query on its way to Material's own listener
  var pending = []; // the words of each query on its way, in order (each gets one answer)
  self.addEventListener("message", function (event) { // runs before the engine's own listener
    var message = event.data;
    if (passing || !message) return;
    try {
      if (message.type === 0 && message.data && Array.isArray(message.data.docs)) {
        material = materialSetup(message.data);
      } else if (message.type === 2 && material && typeof message.data === "string") {
        var query = materialQuery(message.data);
        // for ranking its answer; a query in lunr's syntax is answered as typed
        pending.push(SYNTAX.test(message.data) ? null : materialWords(query || message.data));
        if (query && query !== message.data) {
          event.stopImmediatePropagation();
          passing = true;
          try {
            self.dispatchEvent(new MessageEvent("message", { data: { type: 2, data: query } }));
          } finally {
            passing = false;
          }
        }
      }
    } catch (err) {
      material = null; // fall through: Material answers on its own
    }
  });

  importScripts(new URL(original, self.location.href).href);

  // --- Zensical: answer the query, with Zensical's own worker doing each search ----------------
  var engine = self.onmessage; // Zensical's handler (Material's worker sets none); it answers synchronously
  var nativePost = self.postMessage;

  var state = null; // Zensical: {split, sections (word -> section ids), words (sorted), count}
  var cache = null; // {id, items, template}
  var serial = 0;

  // --- Tokens, exactly as Zensical cuts them --------------------------------------------------
  function transform(word) {
    return word.normalize("NFKD").toLowerCase();
  }

  function makeSplitter(separator, lang) {
    var re = new RegExp(separator, "gu");
    var Seg = self.Intl && Intl.Segmenter;
    var seg = lang && typeof Seg === "function" ? new Seg(lang.replace(/_/g, "-"), { granularity: "word" }) : null;
    function pieces(text, emit) {
      var n = 0, s = text.length, a;
      re.lastIndex = 0;
      do {
        a = re.exec(text);
        var i = a ? a.index : s;
        if (n < i) emit(n, Math.min(i, s));
        if (a) {
          n = a.index + a[0].length;
          if (a[0].length === 0) re.lastIndex = a.index + 1;
        }
      } while (a && n < s);
    }
    return function (text) {
      var out = [];
      // Zensical skips markup: only the text between < and > is indexed.
      text.split(/<[^>]*>/).forEach(function (chunk) {
        pieces(chunk, function (i, j) {
          var word = chunk.slice(i, j);
          if (!seg || !CJK.test(word)) { out.push(word); return; }
          var found = 0;
          for (var part of seg.segment(word)) {
            if (part.isWordLike) { out.push(part.segment); found++; }
          }
          if (!found) out.push(word);
        });
      });
      return out.filter(Boolean);
    };
  }

  // --- The site's words, for either engine ----------------------------------------------------
  // Per indexed word, the sections (search entries) holding it; `words` sorted for prefix lookups.
  function vocabulary(entries, fields, split, transform) {
    var sections = new Map();
    entries.forEach(function (entry, id) {
      fields.forEach(function (field) {
        var value = entry[field];
        split(Array.isArray(value) ? value.join(" ") : String(value || "")).forEach(function (w) {
          w = transform(w);
          if (!sections.has(w)) sections.set(w, new Set());
          sections.get(w).add(id);
        });
      });
    });
    return { sections: sections, words: Array.from(sections.keys()).sort(), count: entries.length };
  }

  // Sections holding a word that starts with `token` (both engines match query words as prefixes),
  // or null when no indexed word does.
  function sectionsStarting(vocab, token) {
    var words = vocab.words, lo = 0, hi = words.length, found = null;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (words[mid] < token) lo = mid + 1; else hi = mid;
    }
    for (var i = lo; i < words.length && words[i].startsWith(token); i++) {
      found = found || new Set();
      vocab.sections.get(words[i]).forEach(function (id) { found.add(id); });
    }
    return found;
  }

  // The typed words that count, each once (as `fold` stores it) and without a lone kana, with the
  // sections holding a word they start (null: no indexed word starts with it).
  function lookUp(vocab, typed, fold) {
    var seen = new Set(), words = [];
    typed.forEach(function (raw) {
      var key = fold(raw);
      if (seen.has(key) || STOP.test(raw)) return;
      seen.add(key);
      words.push({ text: raw, sections: sectionsStarting(vocab, key) });
    });
    return words;
  }

  // --- Material -------------------------------------------------------------------------------
  function materialSetup(index) {
    var config = index.config || {};
    var re = new RegExp(config.separator || "[\\s\\-]+", "gu");
    function split(text) { return text.replace(/<[^>]*>/g, " ").split(re).filter(Boolean); }
    function lower(w) { return w.toLowerCase(); }
    // title and text, and the hidden word fields scripts/search/index.py adds (kw, kt)
    var ids = new Map(index.docs.map(function (doc, id) { return [doc.location, id]; }));
    return { split: split, ids: ids, vocab: vocabulary(index.docs, ["title", "text", "kw", "kt"], split, lower) };
  }

  // 「パッケージ版」 → ["パッケージ", "版"]: the longest pieces (two characters or more) that start an
  // indexed word, left to right; characters no piece covers are let go.
  function knownParts(vocab, word) {
    var parts = [];
    for (var i = 0; i < word.length;) {
      var j = word.length;
      while (j > i + 1 && !sectionsStarting(vocab, word.slice(i, j).toLowerCase())) j--;
      if (j > i + 1) { parts.push(word.slice(i, j)); i = j; } else i++;
    }
    return parts;
  }

  // The sections holding each word of the (rewritten) query, for the words the site holds.
  function materialWords(query) {
    return lookUp(material.vocab, material.split(query), function (w) { return w.toLowerCase(); })
      .filter(function (w) { return w.sections; }).map(function (w) { return w.sections; });
  }

  // Material's answer lists pages (a group of sections each) in lunr's score order. The pages whose
  // best section holds the most query words go first; lunr's order decides between equals.
  function materialRank(result, words) {
    if (!words || !words.length || !result || !Array.isArray(result.items)) return result;
    var ranked = result.items.map(function (group, order) {
      var most = 0;
      group.forEach(function (doc) {
        var id = material.ids.get(doc.location);
        most = Math.max(most, words.filter(function (sections) { return sections.has(id); }).length);
      });
      return { group: group, most: most, order: order };
    });
    ranked.sort(function (a, b) { return b.most - a.most || a.order - b.order; });
    return Object.assign({}, result, { items: ranked.map(function (r) { return r.group; }) });
  }

  function materialQuery(query) {
    var out = [];
    query.split(/\s+/).filter(Boolean).forEach(function (typed) {
      if (SYNTAX.test(typed)) { out.push(typed); return; } // lunr query syntax: as typed
      material.split(typed).forEach(function (word) {
        if (!CJK.test(word) || sectionsStarting(material.vocab, word.toLowerCase())) out.push(word);
        else out.push.apply(out, knownParts(material.vocab, word));
      });
    });
    return out.join(" ");
  }

  // --- Zensical -------------------------------------------------------------------------------
  function setup(data) {
    var config = data.config || {};
    var lang = (config.lang || []).find(function (l) { return /^(zh|ja|ko)/i.test(l); });
    var split = makeSplitter(config.separator || "[\\s\\-]+", lang);
    // the fields Zensical indexes
    state = Object.assign(vocabulary(data.items, ["title", "text", "path"], split, transform), { split: split });
  }

  // --- Running Zensical's own query -----------------------------------------------------------
  function ask(query) {
    var answer = null;
    self.postMessage = function (message) { answer = message; };
    try {
      // A copy, as postMessage would make: Zensical's filter plugin writes into the query's
      // `filter` object, and a shared one would narrow every later query to this one's hits.
      engine.call(self, { data: { type: 2, data: structuredClone(query) } });
    } finally {
      self.postMessage = nativePost;
    }
    return answer && answer.type === 3 ? answer.data : null;
  }

  function allHits(query) {
    var first = ask(query);
    if (!first) return null;
    var items = first.items.slice(), next = first.pagination && first.pagination.next;
    while (next && items.length < first.pagination.total) {
      var more = ask(Object.assign({}, query, { page: next }));
      if (!more) break;
      items = items.concat(more.items);
      next = more.pagination && more.pagination.next;
    }
    return { template: first, items: items };
  }

  function subsetsByWeight(words) {
    var n = words.length, sets = [];
    for (var mask = (1 << n) - 1; mask > 0; mask--) {
      var weight = 0, picked = [];
      for (var i = 0; i < n; i++) if (mask & (1 << i)) { weight += words[i].idf; picked.push(words[i]); }
      sets.push({ weight: weight, words: picked });
    }
    sets.sort(function (a, b) { return b.weight - a.weight || b.words.length - a.words.length; });
    return sets;
  }

  function someSectionHoldsAll(set) {
    if (!set.every(function (w) { return w.sections; })) return true; // a fuzzy word: ask Zensical
    var rarest = set.reduce(function (a, w) { return w.sections.size < a.sections.size ? w : a; });
    for (var id of rarest.sections) {
      if (set.every(function (w) { return w.sections.has(id); })) return true;
    }
    return false;
  }

  // The query's words that count (rule 1), each with its inverse document frequency.
  function queryWords(input) {
    var words = [], n = state.count, all = state.split(input);
    // looked up as Zensical stores a word (transform); sent to Zensical as typed
    lookUp(state, all, transform).forEach(function (w) {
      if (w.sections) {
        words.push(Object.assign(w, { idf: Math.log(1 + (n - w.sections.size + 0.5) / (w.sections.size + 0.5)) }));
      } else if (!CJK.test(w.text)) {
        words.push(Object.assign(w, { idf: Math.log(1 + (n + 0.5) / 0.5) })); // Zensical's fuzzy guess
      }
    });
    if (words.length > MAX_WORDS) { // keep the rarest, in the order typed
      var cut = words.map(function (w) { return w.idf; }).sort(function (a, b) { return b - a; })[MAX_WORDS - 1];
      words = words.filter(function (w) { return w.idf >= cut; }).slice(0, MAX_WORDS);
    }
    return { words: words, dropped: words.length < all.length };
  }

  function search(query) {
    var parsed = queryWords(query.input), words = parsed.words;
    if (!words.length) return null; // nothing known: Zensical's own answer (its fuzzy guess)
    var sets = subsetsByWeight(words), found = [], ids = new Set(), template = null, runs = 0;
    for (var s = 0; s < sets.length && runs < MAX_RUNS && found.length < ENOUGH; s++) {
      if (!someSectionHoldsAll(sets[s].words)) continue;
      runs++;
      var hits = allHits(Object.assign({}, query, { input: sets[s].words.map(function (w) { return w.text; }).join(" "), page: undefined }));
      if (!hits) return null;
      if (s === 0 && !parsed.dropped && hits.items.length >= MIN_NATIVE) return null; // rule 2
      template = template || hits.template;
      hits.items.forEach(function (it) { // in Zensical's order, after the hits of larger sets
        if (!ids.has(it.id)) { ids.add(it.id); found.push(it); }
      });
    }
    return template ? { template: template, items: found } : null;
  }

  function page(id, from) {
    var p = Object.assign({}, cache.template, { items: cache.items.slice(from, from + PAGE) });
    p.pagination = {
      total: cache.items.length,
      prev: from > 0 ? { id: id, size: PAGE, from: from - PAGE } : undefined,
      next: from + PAGE < cache.items.length ? { id: id, size: PAGE, from: from + PAGE } : undefined,
    };
    return p;
  }

  function answer(query) {
    if (query && query.page && cache && query.page.id === cache.id) {
      return page(cache.id, query.page.from || 0);
    }
    cache = null;
    if (!state || !query || typeof query.input !== "string" || query.page) return null;
    var result = search(query);
    if (!result) return null;
    cache = { id: "relax-" + (++serial), items: result.items, template: result.template };
    return page(cache.id, 0);
  }

  if (typeof engine !== "function") { // Material: the listener above, and the answers ranked here
    var materialPost = self.postMessage;
    self.postMessage = function (message) {
      if (material && message && message.type === 3) {
        var words = pending.shift();
        try {
          message = { type: 3, data: materialRank(message.data, words) };
        } catch (err) { /* Material's own order */ }
      }
      return materialPost.apply(self, [message].concat(Array.prototype.slice.call(arguments, 1)));
    };
    return;
  }

  self.onmessage = function (event) {
    var message = event.data;
    try {
      if (message && message.type === 0 && message.data && Array.isArray(message.data.items)) {
        setup(message.data);
      } else if (message && message.type === 2) {
        var mine = answer(message.data);
        if (mine) { nativePost.call(self, { type: 3, data: mine }); return; }
      }
    } catch (err) {
      cache = null; // fall through: Zensical answers on its own
    }
    return engine.call(self, event);
  };
})();
