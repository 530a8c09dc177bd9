// Campaign filter: without JavaScript the links open per-campaign pages; with it,
// the current page filters in place. Nothing here reads post text.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var nav = document.querySelector(".filter");
  // Only the all-posts page holds every campaign's posts; elsewhere the links navigate.
  if (!nav || nav.getAttribute("data-all") !== "1") return;
  var links = nav.querySelectorAll("a[data-filter]");
  function apply(name) {
    document.querySelectorAll("[data-campaign]").forEach(function (el) {
      el.hidden = name !== "" && el.getAttribute("data-campaign") !== name;
    });
    links.forEach(function (a) {
      if (a.getAttribute("data-filter") === name) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    });
  }
  links.forEach(function (a) {
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      apply(a.getAttribute("data-filter"));
    });
  });
});
