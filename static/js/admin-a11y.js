// Select2 (the admin's autocomplete boxes) leaves its combobox and its inline search box without
// an accessible name, and puts its "clear" cross inside a <ul>. Name them after the field's
// <label> and move the cross beside the list, for every box, including inline rows added later.
(function () {
  "use strict";

  function labelFor(select) {
    if (!select || !select.id) return null;
    const label = document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      if (!label.id) label.id = select.id + "-label";
      return label;
    }
    return null;
  }

  function fix(container) {
    const select = container.previousElementSibling;
    if (!select || select.tagName !== "SELECT") return;
    const label = labelFor(select);
    const name = label
      ? label.textContent.replace(/:\s*$/, "").trim()
      : select.getAttribute("aria-label") || select.name;
    const combo = container.querySelector(".select2-selection");
    if (combo) {
      const ids = (combo.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
      if (label && !ids.includes(label.id)) {
        combo.setAttribute("aria-labelledby", [label.id, ...ids].join(" "));
      } else if (!label) {
        combo.removeAttribute("aria-labelledby");
        combo.setAttribute("aria-label", name);
      }
    }
    // The chosen value's span has role="textbox": empty, it has no name of its own.
    container.querySelectorAll(".select2-selection__rendered[role]").forEach(function (shown) {
      if (!shown.getAttribute("aria-label")) shown.setAttribute("aria-label", name);
    });
    container.querySelectorAll(".select2-search__field").forEach(function (field) {
      if (!field.getAttribute("aria-label")) field.setAttribute("aria-label", name);
    });
    container.querySelectorAll("ul > .select2-selection__clear").forEach(function (cross) {
      cross.parentElement.before(cross);
    });
  }

  // A date-and-time field is one <label> (without `for`) over two inputs, "Ngày: [ ] Giờ: [ ]":
  // name each input "<label> – <its prefix>".
  function fixDateTime(paragraph) {
    const label = paragraph.parentElement && paragraph.parentElement.querySelector("label");
    const field = label ? label.textContent.replace(/:\s*$/, "").trim() : "";
    paragraph.querySelectorAll("input").forEach(function (input) {
      if (input.getAttribute("aria-label") || document.querySelector('label[for="' + input.id + '"]')) return;
      const before = input.previousSibling;
      const part = before && before.nodeType === Node.TEXT_NODE ? before.textContent.replace(/:\s*$/, "").trim() : "";
      input.setAttribute("aria-label", [field, part].filter(Boolean).join(" – "));
    });
  }

  function fixAll(root) {
    root.querySelectorAll("span.select2-container").forEach(fix);
    root.querySelectorAll("p.datetime").forEach(fixDateTime);
  }

  document.addEventListener("DOMContentLoaded", function () {
    fixAll(document);
    new MutationObserver(function (changes) {
      for (const change of changes) {
        const node = change.target;
        const container = node.closest && node.closest("span.select2-container");
        if (container) fix(container);
        else if (change.addedNodes.length) fixAll(node);
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
