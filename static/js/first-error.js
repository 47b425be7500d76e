// After a failed save: the first field in error (in the page's order) gets the focus, scrolled
// into sight (if it is not) with its label and message, which Django draws above the box; the
// summary's links do the same for theirs. Without a field to go to (an error of the whole record),
// the summary gets the focus. Runs on "load", after Django's change_form.js has focused the form's first field.
"use strict";
{
  function showField(field) {
    const box = field.closest("div.flex-container, td") || field;
    const place = box.getBoundingClientRect();
    if (place.top < 0 || place.bottom > window.innerHeight) {
      box.scrollIntoView({ block: "center" });
    }
    field.focus({ preventScroll: true });
  }

  function fieldOf(link) {
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    return target && target.offsetParent ? target : null;
  }

  window.addEventListener("load", function () {
    const summary = document.getElementById("error-summary");
    if (!summary) {
      return;
    }
    const links = Array.from(summary.querySelectorAll("a[href^='#']"));
    links.forEach(function (link) {
      link.addEventListener("click", function (event) {
        const field = fieldOf(link);
        if (field) {
          event.preventDefault();
          showField(field);
        }
      });
    });
    const fields = links.map(fieldOf).filter(Boolean);
    fields.sort(function (a, b) {
      return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    if (fields.length) {
      showField(fields[0]);
    } else {
      summary.focus();
    }
  });
}
