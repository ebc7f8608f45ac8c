// Search over every claim of every briefing, from the header of every page. The index and
// the search library are loaded only when the reader starts searching, so pages stay light.
// Results are built with textContent: snapshot text never becomes markup.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form) return;
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var root = form.getAttribute("data-root") || "";
  var index = null;
  var waiting = [];
  var loading = false;

  function loadScript(src, done) {
    var script = document.createElement("script");
    script.src = root + src;
    script.onload = done;
    script.onerror = function () { status.textContent = "Search could not be loaded."; };
    document.head.appendChild(script);
  }

  function load(then) {
    if (index) { then(); return; }
    waiting.push(then);
    if (loading) return;
    loading = true;
    status.textContent = "Loading search…";
    loadScript("elasticlunr.min.js", function () {
      loadScript("search-index.js", function () {
        index = window.elasticlunr.Index.load(window.briefingSearchIndex);
        status.textContent = "";
        waiting.splice(0).forEach(function (f) { f(); });
      });
    });
  }

  function show() {
    var query = input.value.trim();
    results.textContent = "";
    if (!query) { status.textContent = ""; return; }
    var hits = index.search(query, {
      fields: { title: { boost: 2 }, label: { boost: 2 }, text: { boost: 1 }, domains: { boost: 1 } },
      bool: "AND",
      expand: true
    }).slice(0, 30);
    status.textContent = hits.length === 0 ? "No claim matches “" + query + "”."
      : hits.length + (hits.length === 1 ? " claim matches." : " claims match.");
    hits.forEach(function (hit) {
      var doc = window.briefingSearchShown.docs[parseInt(hit.ref, 36)];
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + doc[0];
      link.textContent = (doc[2] ? doc[2] + ": " : "") + doc[3];
      var from = document.createElement("span");
      from.className = "search-briefing";
      from.textContent = window.briefingSearchShown.titles[doc[1]];
      item.appendChild(link);
      item.appendChild(from);
      results.appendChild(item);
    });
  }

  form.hidden = false;
  input.addEventListener("focus", function () { load(function () {}); });
  input.addEventListener("input", function () { load(show); });
  form.addEventListener("submit", function (event) { event.preventDefault(); load(show); });
})();
