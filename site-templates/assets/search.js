// Organisation search over a prebuilt index (assets/search-index.js), with no server.
// A name matches when the query is an exact substring of it, so a Chinese phrase matches only where
// those characters stand together (no word splitting, no fuzzy matching); a code matches ignoring
// case, hyphens and spaces.
(function () {
  "use strict";
  var index = window.ISMS_SEARCH_INDEX || [];
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var base = document.querySelector('script[src$="assets/search.js"]').getAttribute("src").replace(/assets\/search\.js$/, "");

  function normaliseCode(text) { return text.replace(/[-\s]/g, "").toUpperCase(); }
  function normaliseName(text) { return text.normalize("NFKC").replace(/\s+/g, ""); }

  function highlight(name, query) {
    var at = normaliseName(name).indexOf(query);
    var item = document.createElement("span");
    if (at < 0 || normaliseName(name) !== name) { item.textContent = name; return item; }
    item.appendChild(document.createTextNode(name.slice(0, at)));
    var mark = document.createElement("mark");
    mark.textContent = name.slice(at, at + query.length);
    item.appendChild(mark);
    item.appendChild(document.createTextNode(name.slice(at + query.length)));
    return item;
  }

  function search() {
    var raw = input.value.trim();
    list.textContent = "";
    if (!raw) { status.textContent = "请输入检索词。"; return; }
    var nameQuery = normaliseName(raw);
    var codeQuery = normaliseCode(raw);
    var found = [];
    index.forEach(function (entry) {
      var name = entry.n.filter(function (n) { return normaliseName(n).indexOf(nameQuery) >= 0; })[0];
      var code = codeQuery.length >= 3 && entry.c.some(function (c) { return normaliseCode(c).indexOf(codeQuery) >= 0; });
      if (name || code) { found.push({ entry: entry, name: name || entry.n[0] }); }
    });
    status.textContent = found.length ? "找到 " + found.length + " 家服务机构。" : "未找到与“" + raw + "”匹配的服务机构。";
    found.slice(0, 200).forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = base + hit.entry.u;
      a.appendChild(highlight(hit.name, nameQuery));
      li.appendChild(a);
      var codes = document.createElement("span");
      codes.className = "muted";
      codes.textContent = " " + hit.entry.c.join("、");
      li.appendChild(codes);
      list.appendChild(li);
    });
  }

  input.addEventListener("input", search);
  var params = new URLSearchParams(window.location.search);
  if (params.get("q")) { input.value = params.get("q"); }
  search();
})();
