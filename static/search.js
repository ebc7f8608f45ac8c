// Search over every claim of every briefing, from the header of every page.
//
// The index is in small files (written by src/render/search/mod.rs): a manifest, then only the
// chunks that hold the words typed and the buckets that hold the results shown are loaded.
// They are scripts that call window.briefingSearch, so search works from disk (file://) as
// well as from any server. Results are built with textContent: snapshot text never becomes
// markup.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form) return;
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var root = form.getAttribute("data-root") || "";
  var PAGE = 10;          // results shown at a time
  var PREFIX_CHUNKS = 3;  // chunks a word's prefix may reach into
  var generation = 0;     // the search in progress; older ones stop when it changes

  // Files by path: what they handed over once loaded, and who waits for them.
  var loaded = {};
  var waiting = {};
  function arrived(path, records) {
    loaded[path] = records;
    var callbacks = waiting[path] || [];
    delete waiting[path];
    callbacks.forEach(function (callback) { callback(records); });
  }
  window.briefingSearch = {
    manifest: function (buckets, chunks) {
      arrived("search/index.js", { buckets: buckets, chunks: chunks });
    },
    terms: function (id, lines) { arrived("search/t/" + id + ".js", lines); },
    part: function (id, lines) { arrived("search/p/" + id + ".js", lines); },
    docs: function (id, lines) {
      var byKey = {};
      lines.forEach(function (doc) { byKey[doc[0]] = doc; });
      arrived("search/d/" + id + ".js", byKey);
    }
  };

  function load(path, then) {
    if (Object.prototype.hasOwnProperty.call(loaded, path)) { then(loaded[path]); return; }
    if (waiting[path]) { waiting[path].push(then); return; }
    waiting[path] = [then];
    var script = document.createElement("script");
    script.src = root + path;
    script.onerror = function () {
      delete waiting[path];
      status.textContent = "Search could not be loaded.";
    };
    document.head.appendChild(script);
  }

  function loadAll(paths, then) {
    var left = paths.length;
    var out = {};
    if (left === 0) { then(out); return; }
    paths.forEach(function (path) {
      load(path, function (records) {
        out[path] = records;
        left -= 1;
        if (left === 0) then(out);
      });
    });
  }

  // The words of a text as the index cuts them: runs of letters and digits, lowercased, at
  // most 32 characters; one-letter Latin words are left out.
  function words(text) {
    return text.toLowerCase().split(/[^\p{Alphabetic}\p{N}]+/u).filter(function (word) {
      return word && !(word.length === 1 && word.charCodeAt(0) < 128);
    }).map(function (word) { return Array.from(word).slice(0, 32).join(""); });
  }

  // The chunk files that may hold `word` and the words it begins.
  function chunksFor(manifest, word) {
    var chunks = manifest.chunks;
    var low = 0;
    var high = chunks.length - 1;
    while (low < high) {  // the last chunk whose first term is <= word
      var middle = (low + high + 1) >> 1;
      if (chunks[middle][0] <= word) low = middle; else high = middle - 1;
    }
    var paths = ["search/t/" + chunks[low][1] + ".js"];
    for (var i = low + 1; i < chunks.length && paths.length < PREFIX_CHUNKS; i++) {
      if (chunks[i][0].lastIndexOf(word, 0) !== 0) break;
      paths.push("search/t/" + chunks[i][1] + ".js");
    }
    return paths;
  }

  // Parse "key:0,3 key:*" into matches: key → {all, claims, score}.
  function addPostings(matches, postings, score) {
    postings.forEach(function (posting) {
      var colon = posting.indexOf(":");
      var key = posting.slice(0, colon);
      var claims = posting.slice(colon + 1);
      var match = matches[key] || (matches[key] = { all: false, claims: {}, score: 0 });
      match.score = Math.max(match.score, score);
      if (claims === "*") { match.all = true; return; }
      claims.split(",").forEach(function (claim) { match.claims[parseInt(claim, 36)] = true; });
    });
  }

  // What the index says of one word: its matches, or that it is too common to narrow a search
  // (`common`, with the first part of its postings).
  function lookUp(manifest, word, then) {
    loadAll(chunksFor(manifest, word), function (chunks) {
      var matches = {};
      var common = null;
      Object.keys(chunks).sort().forEach(function (path) {
        chunks[path].forEach(function (line) {
          var space = line.indexOf(" ");
          var term = line.slice(0, space);
          var rest = line.slice(space + 1);
          if (term.lastIndexOf(word, 0) !== 0) return;
          if (rest.charAt(0) === "@") {
            if (term === word) common = rest.slice(1).split(":")[0];
            return;
          }
          addPostings(matches, rest.split(" "), term === word ? 2 : 1);
        });
      });
      then({ matches: matches, common: common });
    });
  }

  // Claims that match every word: [{key, claim (null: the briefing as a whole), score}].
  function intersect(lists) {
    var found = [];
    lists.sort(function (a, b) { return Object.keys(a).length - Object.keys(b).length; });
    Object.keys(lists[0]).forEach(function (key) {
      var claims = null;  // null: every claim
      var score = 0;
      for (var i = 0; i < lists.length; i++) {
        var match = lists[i][key];
        if (!match) return;
        score += match.score;
        if (match.all) continue;
        var mine = Object.keys(match.claims);
        claims = claims === null ? mine : claims.filter(function (c) { return match.claims[c]; });
        if (claims.length === 0) return;
      }
      if (claims === null) {
        found.push({ key: key, claim: null, score: score });
      } else {
        claims.forEach(function (claim) {
          found.push({ key: key, claim: parseInt(claim, 10), score: score });
        });
      }
    });
    // Best first, then newest (keys start with the capture day), then in page order.
    found.sort(function (a, b) {
      if (a.score !== b.score) return b.score - a.score;
      if (a.key !== b.key) return a.key < b.key ? 1 : -1;
      return (a.claim === null ? -1 : a.claim) - (b.claim === null ? -1 : b.claim);
    });
    return found;
  }

  function search(query) {
    var mine = ++generation;
    var typed = words(query);
    results.textContent = "";
    if (typed.length === 0) { status.textContent = ""; return; }
    if (!loaded["search/index.js"]) status.textContent = "Loading search…";
    load("search/index.js", function (manifest) {
      var answers = [];
      var left = typed.length;
      typed.forEach(function (word, i) {
        lookUp(manifest, word, function (answer) {
          answers[i] = answer;
          left -= 1;
          if (left === 0 && mine === generation) combine(manifest, query, answers, mine);
        });
      });
    });
  }

  // Words too common to narrow a search are left out when others remain; a search of common
  // words alone uses the newest part of each.
  function combine(manifest, query, answers, mine) {
    var narrowing = answers.filter(function (answer) { return !answer.common; });
    if (narrowing.length > 0) {
      show(manifest, query, intersect(narrowing.map(function (a) { return a.matches; })), mine);
      return;
    }
    var parts = answers.map(function (answer) { return "search/p/" + answer.common + "-0.js"; });
    loadAll(parts, function (loadedParts) {
      if (mine !== generation) return;
      var lists = parts.map(function (path) {
        var matches = {};
        addPostings(matches, loadedParts[path], 2);
        return matches;
      });
      show(manifest, query, intersect(lists), mine);
    });
  }

  function show(manifest, query, found, mine) {
    results.textContent = "";
    status.textContent = found.length === 0 ? "No claim matches “" + query + "”."
      : found.length + (found.length === 1 ? " result." : " results.");
    showPage(manifest, found, 0, mine);
  }

  // Show results [from, from + PAGE), each filled in as its bucket arrives.
  function showPage(manifest, found, from, mine) {
    var more = results.querySelector(".search-more");
    if (more) more.parentNode.removeChild(more);
    found.slice(from, from + PAGE).forEach(function (hit) {
      var item = document.createElement("li");
      results.appendChild(item);
      var bucket = parseInt(hit.key.slice(4, 7), 36) % manifest.buckets;
      load("search/d/" + bucket + ".js", function (docs) {
        if (mine !== generation) return;
        var doc = docs[hit.key];
        if (!doc) return;
        var link = document.createElement("a");
        var claim = hit.claim === null ? null : doc[3][hit.claim];
        if (claim) {
          link.href = root + doc[1] + "/index.html#claim-" + claim[0];
          link.textContent = (claim[1] ? claim[1] + ": " : "") + claim[2];
          var briefing = document.createElement("span");
          briefing.className = "search-briefing";
          briefing.textContent = doc[2];
          item.appendChild(link);
          item.appendChild(briefing);
        } else {
          link.href = root + doc[1] + "/index.html";
          link.textContent = doc[2];
          item.appendChild(link);
        }
      });
    });
    if (from + PAGE < found.length) {
      var item = document.createElement("li");
      item.className = "search-more";
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = "Show more results";
      button.addEventListener("click", function () {
        showPage(manifest, found, from + PAGE, mine);
      });
      item.appendChild(button);
      results.appendChild(item);
    }
  }

  form.hidden = false;
  input.addEventListener("focus", function () { load("search/index.js", function () {}); });
  input.addEventListener("input", function () { search(input.value); });
  form.addEventListener("submit", function (event) { event.preventDefault(); search(input.value); });
})();
