/*
 * Notes in place (issue 17): a tap on a footnote number or on the 「読者の報告」 marker opens a short note
 * right under the line, instead of jumping to the note list at the page foot or to another page in the
 * middle of a step.
 *
 * - Footnote number (a.footnote-ref): the note shows the footnote's own text and its link to the
 *   official page. A second tap on the same number does what the link does without this script: it
 *   goes to the note in the list at the page foot.
 * - 「読者の報告」 (a.reader-report): the note shows the sentence kept in the page's
 *   <template id="reader-report-note"> (overrides/main.html) and a 「くわしく」 link to the marker's
 *   own target (about.md#reader-reports). A second tap follows the marker.
 * - Each note has a 「閉じる」 button; Escape closes it too. Only one note is open at a time.
 *
 * Loaded by mkdocs.yml `extra_javascript`, so it runs under both engines (Material and Zensical) and
 * under a Content-Security-Policy without inline scripts. Without JavaScript the links work as before.
 * Tests: tests/browser/test_routes_phone.py (tap on a touch phone, both engines).
 */
(function () {
  "use strict";

  var open = null; // {marker, note}
  var count = 0;

  function close(focusMarker) {
    if (!open) return;
    open.note.remove();
    open.marker.setAttribute("aria-expanded", "false");
    if (focusMarker) open.marker.focus();
    open = null;
  }

  function footnoteBody(marker) {
    var id = decodeURIComponent((marker.getAttribute("href") || "").replace(/^#/, ""));
    var item = id && document.getElementById(id);
    if (!item) return null;
    var body = document.createElement("div");
    Array.prototype.forEach.call(item.childNodes, function (n) { body.appendChild(n.cloneNode(true)); });
    body.querySelectorAll(".footnote-backref, [id]").forEach(function (el) {
      if (el.classList.contains("footnote-backref")) el.remove();
      else el.removeAttribute("id");
    });
    return body;
  }

  function readerReportBody(marker) {
    var tpl = document.getElementById("reader-report-note");
    if (!tpl || !tpl.content) return null;
    var body = document.createElement("div");
    body.appendChild(tpl.content.cloneNode(true));
    var more = body.querySelector("a.inline-note__more");
    if (more) more.setAttribute("href", marker.getAttribute("href"));
    return body;
  }

  function show(marker, body) {
    var note = document.createElement("span");
    note.className = "inline-note";
    note.id = "inline-note-" + (++count);
    note.setAttribute("role", "note");
    note.setAttribute("aria-label", marker.classList.contains("reader-report") ? "読者の報告とは" : "注");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "inline-note__close";
    button.textContent = "閉じる";
    button.addEventListener("click", function () { close(true); });
    note.appendChild(body);
    note.appendChild(button);
    // After the marker (a footnote number sits in a <sup>: put the note after the <sup>).
    var anchor = marker.parentElement && marker.parentElement.tagName === "SUP" ? marker.parentElement : marker;
    anchor.insertAdjacentElement("afterend", note);
    marker.setAttribute("aria-expanded", "true");
    marker.setAttribute("aria-controls", note.id);
    open = { marker: marker, note: note };
  }

  document.addEventListener("click", function (ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    var marker = ev.target && ev.target.closest && ev.target.closest("article a.footnote-ref, article a.reader-report");
    if (!marker || marker.closest(".inline-note")) return;
    if (open && open.marker === marker) { close(false); return; } // second tap: follow the link
    var body = marker.classList.contains("reader-report") ? readerReportBody(marker) : footnoteBody(marker);
    if (!body) return;
    ev.preventDefault();
    close(false);
    show(marker, body);
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && open) close(true);
  });
})();
