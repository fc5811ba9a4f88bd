// The conclusions preview (meetings/conclusions_paste.html): add, split, delete and re-type rows
// without reloading. Everything posts back as one formset; without this script the page still
// works (edit, re-type, delete), only adding and splitting rows need it.
(function () {
  "use strict";
  var form = document.getElementById("paste-form");
  var template = document.getElementById("paste-empty-item");
  if (!form || !template) {
    return;
  }
  var total = form.querySelector("input[name='item-TOTAL_FORMS']");
  var status = document.getElementById("paste-status");
  var SENTENCE_END = /[.;!?…]\s+(?=[\p{Lu}\d])/gu;

  // Messages come translated from the page (data-* of the live region).
  function say(key) {
    status.textContent = status.getAttribute("data-" + key) || "";
  }

  function field(row, name) {
    return row.querySelector("[name$='-" + name + "']");
  }

  // Positions follow the page order inside each topic; the server sorts rows by them.
  function renumber() {
    form.querySelectorAll(".paste-topic").forEach(function (topic) {
      var position = 0;
      topic.querySelectorAll(".paste-item, .paste-follower").forEach(function (row) {
        field(row, "position").value = position;
        position += 1;
      });
    });
  }

  function showControls(root) {
    root.querySelectorAll(".paste-js").forEach(function (control) {
      // A group (one sentence, several lead units) is not split: its units are its rows.
      if (!(control.hasAttribute("data-paste-split") && control.closest(".paste-group"))) {
        control.hidden = false;
      }
    });
  }

  function newRow(topicIndex) {
    var index = parseInt(total.value, 10);
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index)).trim();
    var row = holder.firstElementChild;
    total.value = String(index + 1);
    field(row, "topic").value = topicIndex;
    field(row, "kind").value = "directive";
    showControls(row);
    return row;
  }

  function applyKind(row) {
    var kind = field(row, "kind").value;
    var isText = kind === "text";
    var directiveFields = row.querySelector(".paste-directive-fields");
    if (directiveFields) {
      directiveFields.hidden = isText;
    }
    row.classList.toggle("paste-text", isText);
    row.classList.toggle("border-secondary", isText);
    row.classList.toggle("border-3", isText);
    var group = row.closest(".paste-group");
    if (group) {
      group.querySelectorAll(".paste-follower-kind").forEach(function (input) {
        input.value = kind;
      });
      group.querySelectorAll(".paste-follower").forEach(function (follower) {
        follower.hidden = isText;
      });
    }
  }

  function applyUnit(row) {
    var select = field(row, "lead_unit");
    if (!select) {
      return;
    }
    var unset = !select.value;
    var badge = row.querySelector(".paste-unset");
    if (badge) {
      badge.hidden = !unset;
    }
    row.querySelectorAll(".paste-new-unit").forEach(function (element) {
      element.hidden = !unset;
    });
    // Remembering needs a name as written to remember.
    var remember = row.querySelector(".paste-remember");
    var written = field(row, "lead_unit_text");
    if (remember) {
      remember.hidden = unset || !(written && written.value.trim());
    }
  }

  function applyDelete(row) {
    var gone = field(row, "DELETE").checked;
    var fields = row.querySelector(".paste-fields");
    if (fields) {
      fields.hidden = gone;
    }
    row.classList.toggle("paste-deleted", gone);
    var group = row.closest(".paste-group");
    if (group && row.classList.contains("paste-item")) {
      group.querySelectorAll(".paste-follower").forEach(function (follower) {
        follower.hidden = gone;
      });
    }
    say(gone ? "deleted" : "kept");
  }

  // Where to split: the caret, or else the sentence end nearest the middle.
  function cutAt(area) {
    var text = area.value;
    var caret = area.selectionStart;
    if (caret > 0 && caret < text.length) {
      return caret;
    }
    var best = -1;
    var match;
    SENTENCE_END.lastIndex = 0;
    while ((match = SENTENCE_END.exec(text)) !== null) {
      var cut = match.index + 1;
      if (best < 0 || Math.abs(cut - text.length / 2) < Math.abs(best - text.length / 2)) {
        best = cut;
      }
    }
    return best;
  }

  function split(row) {
    var area = field(row, "content");
    var cut = cutAt(area);
    var first = cut > 0 ? area.value.slice(0, cut).trim() : "";
    var second = cut > 0 ? area.value.slice(cut).trim() : "";
    if (!first || !second) {
      say("no-split");
      area.focus();
      return;
    }
    area.value = first;
    var copy = newRow(field(row, "topic").value);
    field(copy, "kind").value = field(row, "kind").value;
    field(copy, "content").value = second;
    field(copy, "lead_unit").value = field(row, "lead_unit").value;
    field(copy, "lead_unit_text").value = field(row, "lead_unit_text").value;
    row.after(copy);
    applyKind(copy);
    applyUnit(copy);
    renumber();
    field(copy, "content").focus();
    say("split");
  }

  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-paste-add]");
    if (add) {
      var row = newRow(add.getAttribute("data-paste-add"));
      add.closest(".paste-topic").querySelector(".paste-entries").appendChild(row);
      applyUnit(row);
      renumber();
      field(row, "content").focus();
      say("added");
      return;
    }
    var splitButton = event.target.closest("[data-paste-split]");
    if (splitButton) {
      split(splitButton.closest(".paste-item"));
    }
  });

  form.addEventListener("change", function (event) {
    var target = event.target;
    var row = target.closest(".paste-item, .paste-follower");
    if (!row || !target.name) {
      return;
    }
    if (/-kind$/.test(target.name)) {
      applyKind(row);
    } else if (/-lead_unit(_text)?$/.test(target.name)) {
      applyUnit(row);
    } else if (/-DELETE$/.test(target.name)) {
      applyDelete(row);
    }
  });

  // Enter in a one-line field would submit with the first button ("Phân tích") and re-parse,
  // losing the corrections: keep it in the field.
  form.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.tagName === "INPUT" && target.closest(".paste-topic")) {
      event.preventDefault();
    }
  });

  showControls(form);
  form.querySelectorAll(".paste-item").forEach(applyUnit);
})();
