// Appeal Packet review desk: drag and drop onto the upload forms, a busy line while a form works, and
// a field's evidence emphasised on the page when its row is hovered or focused. Served by the desk itself.
"use strict";
(function () {
  function busy(form) {
    var line = form.querySelector(".busy");
    if (line) { line.hidden = false; }
    var files = form.querySelector("input[type=file]");
    if (line && files && files.files && files.files.length) {
      line.textContent = (form.dataset.busy || "Working…") + " (" + files.files.length + " file" + (files.files.length === 1 ? "" : "s") + ")";
    }
    form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
  }
  document.querySelectorAll("form[data-busy]").forEach(function (form) {
    form.addEventListener("submit", function () { busy(form); });
  });
  document.querySelectorAll("form.dropzone").forEach(function (zone) {
    var input = zone.querySelector("input[type=file]");
    if (!input) { return; }
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      zone.addEventListener(t, function () { zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      if (!e.dataTransfer || !e.dataTransfer.files.length) { return; }
      input.files = e.dataTransfer.files;
      busy(zone);
      zone.submit();
    });
  });
  function mark(field, on) {
    document.querySelectorAll('rect.hl[data-field="' + field + '"]').forEach(function (r) {
      r.classList.toggle("focus", on);
      if (on && r.scrollIntoView) { r.scrollIntoView({ block: "nearest" }); }
    });
  }
  document.querySelectorAll("tr.field").forEach(function (row) {
    var f = row.dataset.field;
    row.addEventListener("mouseenter", function () { mark(f, true); });
    row.addEventListener("mouseleave", function () { mark(f, false); });
    row.addEventListener("focusin", function () { mark(f, true); });
    row.addEventListener("focusout", function () { mark(f, false); });
  });
  document.querySelectorAll("rect.hl").forEach(function (r) {
    r.addEventListener("click", function () {
      var row = document.getElementById("field-" + r.dataset.field);
      if (row) { row.scrollIntoView({ block: "center" }); row.classList.add("focus"); var i = row.querySelector("input,select"); if (i) { i.focus(); } }
    });
  });
})();
