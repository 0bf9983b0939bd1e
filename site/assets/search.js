// Search over the Pagefind index that `letterpress build` writes to /pagefind/. The search page works as a
// plain GET form (q, and the optional type and theme filters); this script reads them and shows results.
// Each result says what it is (document type, area, theme, date) and links to the section that matches best.
// Excerpts are inserted as text, never as HTML.
(function () {
  "use strict";
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!input || !status || !list) return;
  var params = new URLSearchParams(window.location.search);
  var query = params.get("q") || "";
  var filters = {};
  ["type", "theme"].forEach(function (name) {
    var value = params.get(name) || "";
    var select = document.getElementById("search-" + name);
    if (select) select.value = value;
    if (value) filters[name] = value;
  });
  input.value = query;
  if (!query.trim()) return;
  var siteRoot = new URL("../", window.location.href);

  function decode(text) {
    var doc = new DOMParser().parseFromString("<!doctype html><body>" + text, "text/html");
    return doc.body.textContent || "";
  }

  function appendExcerpt(element, excerpt) {
    excerpt.split(/<\/?mark>/).forEach(function (part, index) {
      var node = document.createTextNode(decode(part));
      if (index % 2 === 1) {
        var mark = document.createElement("mark");
        mark.appendChild(node);
        element.appendChild(mark);
      } else {
        element.appendChild(node);
      }
    });
  }

  // How well a section matches: the longest run of matched words in a row (a phrase searched for scores its
  // length there), then how many matches it holds.
  function score(sub) {
    var locations = (sub.locations || []).slice().sort(function (a, b) { return a - b; });
    var run = locations.length ? 1 : 0, longest = run;
    for (var i = 1; i < locations.length; i++) {
      run = locations[i] === locations[i - 1] + 1 ? run + 1 : 1;
      if (run > longest) longest = run;
    }
    return [longest, locations.length];
  }

  // The section of the page that matches best: a sub-result (a heading with an id), by score.
  function bestSection(data) {
    var best = null, bestScore = null;
    (data.sub_results || []).forEach(function (sub) {
      var s = score(sub);
      if (!best || s[0] > bestScore[0] || (s[0] === bestScore[0] && s[1] > bestScore[1])) {
        best = sub;
        bestScore = s;
      }
    });
    return best && best.url && best.url.indexOf("#") !== -1 ? best : null;
  }

  function describe(meta) {
    return ["type", "area", "theme", "date"].map(function (key) { return meta[key]; })
      .filter(function (value) { return value; }).join(" \u00b7 ");
  }

  status.textContent = "Searching\u2026";
  import(new URL("pagefind/pagefind.js", siteRoot).href)
    .then(function (pagefind) {
      return pagefind.options({ baseUrl: siteRoot.pathname }).then(function () {
        return pagefind.search(query, { filters: filters });
      }).then(function (search) {
        return Promise.all(search.results.slice(0, 25).map(function (r) { return r.data(); }));
      });
    })
    .then(function (results) {
      list.textContent = "";
      results.forEach(function (data) {
        var meta = data.meta || {};
        var section = bestSection(data);
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = section ? section.url : data.url;
        link.textContent = meta.title || data.url;
        item.appendChild(link);
        if (section && section.title && section.title !== meta.title) {
          var where = document.createElement("span");
          where.className = "result-section";
          where.textContent = " \u2013 section: " + section.title;
          item.appendChild(where);
        }
        var about = document.createElement("span");
        about.className = "meta result-about";
        about.textContent = describe(meta);
        item.appendChild(about);
        var excerpt = document.createElement("span");
        excerpt.className = "meta";
        appendExcerpt(excerpt, (section && section.excerpt) || data.excerpt || "");
        item.appendChild(excerpt);
        list.appendChild(item);
      });
      var scope = Object.keys(filters).map(function (k) { return filters[k]; }).join(", ");
      status.textContent = (results.length === 0 ? "No reports match \u201c" + query + "\u201d" :
        results.length + (results.length === 1 ? " result matches" : " results match") + " \u201c" + query + "\u201d") +
        (scope ? " in " + scope : "") + ".";
    })
    .catch(function () {
      status.textContent = "Search is not available. Browse all reports instead.";
    });
})();
