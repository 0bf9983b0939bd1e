// Search over the Pagefind index that `letterpress build` writes to /pagefind/. The search page works as a
// plain GET form; this script reads ?q= and shows results. Excerpts are inserted as text, never as HTML.
(function () {
  "use strict";
  var input = document.getElementById("search-input");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  if (!input || !status || !list) return;
  var query = new URLSearchParams(window.location.search).get("q") || "";
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

  status.textContent = "Searching\u2026";
  import(new URL("pagefind/pagefind.js", siteRoot).href)
    .then(function (pagefind) {
      return pagefind.options({ baseUrl: siteRoot.pathname }).then(function () {
        return pagefind.search(query);
      }).then(function (search) {
        return Promise.all(search.results.slice(0, 25).map(function (r) { return r.data(); }));
      });
    })
    .then(function (results) {
      list.textContent = "";
      results.forEach(function (data) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = data.url;
        link.textContent = (data.meta && data.meta.title) || data.url;
        item.appendChild(link);
        var excerpt = document.createElement("span");
        excerpt.className = "meta";
        appendExcerpt(excerpt, data.excerpt || "");
        item.appendChild(excerpt);
        list.appendChild(item);
      });
      status.textContent = results.length === 0 ? "No reports match \u201c" + query + "\u201d." :
        results.length + (results.length === 1 ? " report matches" : " reports match") + " \u201c" + query + "\u201d.";
    })
    .catch(function () {
      status.textContent = "Search is not available. Browse all reports instead.";
    });
})();
