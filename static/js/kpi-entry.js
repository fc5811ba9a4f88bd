// KPI entry page: the ratio numerator / denominator × 100 shown live beside the two boxes, read
// with the same rules as the server (steering/numbers.py, counts): "." groups thousands, ","
// marks decimals, spaces group thousands; a count has no fraction. The server still decides.
(function () {
  "use strict";

  var GROUPED = /^\d{1,3}(\.\d{3})+$/;
  var SPACED = /^(\d{1,3}(?: \d{3})+)(?:([.,])(\d+))?$/;

  function fail(message) {
    return { error: message };
  }

  function parseCount(raw) {
    var text = (raw.normalize ? raw.normalize("NFKC") : raw).replace(/\s+/g, " ").trim();
    var whole, fraction = "", parts, match;
    if (!text) {
      return { empty: true };
    }
    if (text.charAt(0) === "+") {
      text = text.slice(1).trim();
    }
    if (/^[-\u2212]/.test(text)) {
      return fail("không được nhập số âm");
    }
    if (!/^[0-9.,][0-9., ]*$/.test(text)) {
      return fail("chỉ nhập chữ số");
    }
    if (text.indexOf(" ") >= 0) {
      match = SPACED.exec(text);
      if (!match) {
        return fail("mỗi nhóm nghìn đủ 3 chữ số");
      }
      whole = match[1].replace(/ /g, "");
      fraction = match[3] || "";
    } else if ((text.match(/,/g) || []).length > 1) {
      return fail("dấu phẩy chỉ dùng cho phần thập phân");
    } else if (text.indexOf(",") >= 0) {
      parts = text.split(",");
      whole = parts[0];
      fraction = parts[1];
      if (fraction.indexOf(".") >= 0) {
        return fail("viết 1.250,5 (dấu chấm ngăn nghìn, dấu phẩy thập phân)");
      }
      if (whole.indexOf(".") >= 0) {
        if (!GROUPED.test(whole)) {
          return fail("mỗi nhóm nghìn đủ 3 chữ số");
        }
        whole = whole.replace(/\./g, "");
      }
    } else if ((text.match(/\./g) || []).length > 1) {
      if (!GROUPED.test(text)) {
        return fail("mỗi nhóm nghìn đủ 3 chữ số");
      }
      whole = text.replace(/\./g, "");
    } else if (text.indexOf(".") >= 0) {
      parts = text.split(".");
      whole = parts[0];
      fraction = parts[1];
      if (fraction.length === 3 && whole.length >= 1 && whole.length <= 3 && whole.charAt(0) !== "0") {
        whole += fraction;
        fraction = "";
      }
    } else {
      whole = text;
    }
    if (!whole || /[.,]$/.test(text)) {
      return fail("chưa đủ chữ số");
    }
    if (/[1-9]/.test(fraction)) {
      return fail("số lượng phải là số nguyên");
    }
    return { value: parseInt(whole, 10) };
  }

  function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function percent(numerator, denominator) {
    // Tenths rounded half up in integers, as the server's Decimal arithmetic does.
    var tenths = Math.floor((2000 * numerator + denominator) / (2 * denominator));
    var text = grouped(Math.floor(tenths / 10)) + "," + (tenths % 10);
    return text + " %";
  }

  function show(output) {
    var numBox = document.getElementById(output.getAttribute("data-numerator"));
    var denBox = document.getElementById(output.getAttribute("data-denominator"));
    if (!numBox || !denBox) {
      return;
    }
    var num = parseCount(numBox.value);
    var den = parseCount(denBox.value);
    var text;
    if (num.error || den.error) {
      text = "Chưa đọc được: " + (num.error ? "tử số " + num.error : "mẫu số " + den.error);
    } else if (num.empty || den.empty) {
      text = "—";
    } else if (den.value <= 0) {
      text = "Mẫu số phải lớn hơn 0";
    } else if (num.value > den.value) {
      text = "Tử số không được lớn hơn mẫu số";
    } else {
      text = grouped(num.value) + " / " + grouped(den.value) + " × 100 = " + percent(num.value, den.value);
    }
    output.textContent = text;
  }

  var outputs = document.querySelectorAll("output[data-kpi-ratio]");
  Array.prototype.forEach.call(outputs, function (output) {
    ["data-numerator", "data-denominator"].forEach(function (name) {
      var box = document.getElementById(output.getAttribute(name));
      if (box) {
        box.addEventListener("input", function () { show(output); });
      }
    });
    show(output);
  });
})();
