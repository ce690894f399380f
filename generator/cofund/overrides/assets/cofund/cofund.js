/* cofund: instant filters for the catalogue page.
 *
 * Progressive enhancement: without JavaScript the catalogue links to one page per filter
 * value. With it, this shows the filter form and hides or re-orders the list in place.
 * Our own script, served from the site: no third-party code. */
(function () {
  "use strict";

  function matches(item, wanted) {
    return Object.keys(wanted).every(function (facet) {
      var value = wanted[facet];
      if (!value) return true;
      return (item.getAttribute("data-" + facet) || "").split(" ").indexOf(value) !== -1;
    });
  }

  // The same orders as the pages without JavaScript (cofund/render/pages.py): by deadline,
  // pitches taking pledges first, closing soonest, then the rest latest first; by percent
  // funded, highest first, then by deadline.
  function compare(sort) {
    return function (a, b) {
      var da = a.getAttribute("data-deadline"), db = b.getAttribute("data-deadline");
      if (sort === "percent") {
        var diff = Number(b.getAttribute("data-percent")) - Number(a.getAttribute("data-percent"));
        if (diff !== 0) return diff;
        if (da !== db) return da < db ? -1 : 1;
      } else {
        var oa = a.getAttribute("data-open"), ob = b.getAttribute("data-open");
        if (oa !== ob) return oa === "1" ? -1 : 1;
        if (da !== db) return (da < db ? -1 : 1) * (oa === "1" ? 1 : -1);
      }
      return a.getAttribute("data-id") < b.getAttribute("data-id") ? -1 : 1;
    };
  }

  function init() {
    var form = document.querySelector("[data-cofund-filters]");
    var list = document.querySelector("[data-cofund-list]");
    var count = document.querySelector("[data-cofund-count]");
    if (!form || !list || !count || form.getAttribute("data-ready")) return;
    form.setAttribute("data-ready", "yes");
    var items = Array.prototype.slice.call(list.children);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));

    function apply() {
      var wanted = {}, sort = "deadline", shown = 0;
      selects.forEach(function (s) {
        if (s.name === "sort") sort = s.value; else wanted[s.name] = s.value;
      });
      items.sort(compare(sort)).forEach(function (item) {
        var keep = matches(item, wanted);
        item.hidden = !keep;
        if (keep) shown += 1;
        list.appendChild(item);
      });
      count.textContent = "Showing " + shown + " of " + items.length +
        (items.length === 1 ? " pitch." : " pitches.");
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    var fallback = document.querySelector("[data-cofund-nojs]");
    if (fallback) fallback.hidden = true;
    apply();
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
