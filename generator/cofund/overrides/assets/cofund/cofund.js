/* cofund: instant filters for the catalogue's lists.
 *
 * Progressive enhancement: without JavaScript the catalogue links to one list per filter
 * value, each in pages of 50 pitches. With it, this shows the filter form, which combines
 * filters and sorts. A page holds only 50 of the pitches, so filtering the cards on the page
 * would silently filter one page: instead, on the first change, the script reads the list
 * of every pitch (catalogue/pitches.json, one small row each, already formatted by the
 * generator) and shows the matching cards, 50 at a time with a "Show more" button. With no
 * filter and the page's own sort, the page's own cards and page links come back.
 * The chosen filters are kept in the address (?status=open&sort=percent), so a filtered list
 * can be bookmarked and shared: opening such an address applies them.
 * Our own script, served from the site: no third-party code. Text from the data is set as
 * text (textContent, setAttribute), never parsed as HTML. */
(function () {
  "use strict";

  var loaded = {};  // the pitches' list by URL: read once per visit, whichever page asks

  function load(url) {
    if (!loaded[url]) {
      loaded[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new Error(response.status + " " + url);
        return response.json();
      }).then(function (data) {
        return data.pitches.map(function (row) {
          var item = {};
          data.fields.forEach(function (name, i) { item[name] = row[i]; });
          return item;
        });
      });
      loaded[url].catch(function () { delete loaded[url]; });  // try again on the next change
    }
    return loaded[url];
  }

  function matches(item, wanted) {
    return Object.keys(wanted).every(function (facet) {
      var value = wanted[facet];
      if (!value) return true;
      return String(item[facet]).split(" ").indexOf(value) !== -1;
    });
  }

  // The same orders as the pages without JavaScript (cofund/render/site.py): by deadline,
  // pitches taking pledges first, closing soonest, then the rest latest first; by percent
  // funded, highest first, then by deadline; by interest, most organisations interested
  // first, then by deadline; then by id.
  function compare(sort) {
    return function (a, b) {
      var da = a.deadline, db = b.deadline;
      if (sort === "percent") {
        if (a.percent !== b.percent) return b.percent - a.percent;
        if (da !== db) return da < db ? -1 : 1;
      } else {
        if (sort === "interest" && a.interest !== b.interest) return b.interest - a.interest;
        if (a.open !== b.open) return a.open === 1 ? -1 : 1;
        if (da !== db) return (da < db ? -1 : 1) * (a.open === 1 ? 1 : -1);
      }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    };
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A card as partials/pitch_list.html.j2 writes it.
  function card(item, level, base) {
    var li = element("li", {
      "class": "cofund-card", "data-status": item.status, "data-category": item.category,
      "data-sector": item.sector, "data-nation": item.nation, "data-model": item.model,
      "data-deadline": item.deadline, "data-open": String(item.open), "data-id": item.id,
      "data-percent": String(item.percent), "data-interest": String(item.interest), "data-title": item.title
    });
    var heading = element("h" + level, { "class": "cofund-card__title" });
    heading.appendChild(element("a", { href: new URL("../pitches/" + item.id + "/", base).href }, item.title));
    li.appendChild(heading);
    var top = element("p", { "class": "cofund-card__top" });
    top.appendChild(element("span", { "class": "cofund-status cofund-status--" + item.status }, item.status_label));
    top.appendChild(document.createTextNode(" "));
    top.appendChild(element("span", { "class": "cofund-card__when" }, item.when));
    li.appendChild(top);
    li.appendChild(element("p", { "class": "cofund-card__summary" }, item.summary));
    var bar = element("div", {
      "class": "cofund-progress cofund-progress--small" + (item.released ? " cofund-progress--released" : ""),
      "aria-hidden": "true"
    });
    bar.appendChild(element("div", { "class": "cofund-progress__bar", style: "width:" + item.bar + "%" }));
    li.appendChild(bar);
    li.appendChild(element("p", { "class": "cofund-card__figures" }, item.figures));
    li.appendChild(element("p", { "class": "cofund-card__meta" }, item.people + " \u00b7 " + item.proposer));
    return li;
  }

  // The page's words (data-words: render/listings.py, from the site's catalogue), each plural
  // message by CLDR category, chosen for the page's language as gettext chose it.
  function sayer(form) {
    var words = JSON.parse(form.getAttribute("data-words"));
    var rules = new Intl.PluralRules(document.documentElement.lang || "en");
    return function (key, values) {
      var message = words[key];
      var text = typeof message === "string" ? message : message[rules.select(values.n)] || message.other;
      return text.replace(/%\((\w+)\)s/g, function (_, name) { return String(values[name]); });
    };
  }

  function init() {
    var form = document.querySelector("[data-cofund-filters]");
    var list = document.querySelector("[data-cofund-list]");
    var count = document.querySelector("[data-cofund-count]");
    if (!form || !list || !count || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "yes");
    var say = sayer(form);
    var source = new URL(form.getAttribute("data-source"), document.baseURI).href;
    var PAGE = Number(form.getAttribute("data-page-size"));  // as many as a page of the list
    var own = { cards: Array.prototype.slice.call(list.children), count: count.textContent };
    var level = own.cards.length ? own.cards[0].firstElementChild.tagName.slice(1) : "2";
    var pager = document.querySelector("[data-cofund-pages]");
    var more = element("button", { type: "button", "class": "md-button cofund-more", hidden: "" });
    list.parentNode.insertBefore(more, list.nextSibling);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var matched = [], shown = 0, total = 0, asked = 0;

    function showMore() {
      var start = shown;
      matched.slice(shown, shown + PAGE).forEach(function (item) { list.appendChild(card(item, level, source)); });
      shown = Math.min(matched.length, shown + PAGE);
      count.textContent = shown === matched.length || matched.length === total
        ? say("showing", { n: total, shown: shown, total: total })
        : say("matching", { n: matched.length, shown: shown, matched: matched.length, total: total });
      more.hidden = shown === matched.length;
      var next = Math.min(PAGE, matched.length - shown);
      more.textContent = say("more", { n: next, count: next });
      return start;
    }

    // The address keeps the choices that differ from the page's own: ?status=open&sort=percent.
    function remember() {
      var query = new URLSearchParams();
      selects.forEach(function (s) {
        var own = s.name === "sort" ? form.getAttribute("data-sort") : "";
        if (s.value !== own) query.set(s.name, s.value);
      });
      var text = query.toString();
      var url = location.pathname + (text ? "?" + text : "") + location.hash;
      if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", url);
    }

    function apply() {
      var wanted = {}, sort = "deadline", filtered = false;
      selects.forEach(function (s) {
        if (s.name === "sort") sort = s.value; else { wanted[s.name] = s.value; filtered = filtered || !!s.value; }
      });
      remember();
      var ticket = ++asked;  // a later change wins over an earlier one still loading
      if (!filtered && sort === form.getAttribute("data-sort")) {
        list.replaceChildren.apply(list, own.cards);
        count.textContent = own.count;
        more.hidden = true;
        if (pager) pager.hidden = false;
        return;
      }
      count.textContent = say("loading", {});
      load(source).then(function (items) {
        if (ticket !== asked) return;
        total = items.length;
        matched = items.filter(function (item) { return matches(item, wanted); }).sort(compare(sort));
        shown = 0;
        list.replaceChildren();
        showMore();
        if (pager) pager.hidden = true;  // its pages are the unfiltered list's
      }, function () {
        if (ticket !== asked) return;
        count.textContent = say("failed", {});
        form.hidden = true;
        fallback.hidden = false;
      });
    }

    more.addEventListener("click", function () {
      var first = list.children[showMore()];
      // Keyboard and screen reader users carry on from the first card just added.
      if (first) first.querySelector("a").focus();
    });
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    var fallback = document.querySelector("[data-cofund-nojs]") || element("div", {});
    fallback.hidden = true;
    // Filters given in the address (a shared link): choose them, if the list has them.
    var given = new URLSearchParams(location.search), chosen = false;
    selects.forEach(function (s) {
      var value = given.get(s.name);
      var known = Array.prototype.some.call(s.options, function (o) { return o.value === value; });
      if (value !== null && known && s.value !== value) { s.value = value; chosen = true; }
    });
    if (chosen) apply();
  }


  // Material's instant navigation swaps pages without reloading: it announces each new
  // page on document$. Without it (another engine, or instant navigation off), run once.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
