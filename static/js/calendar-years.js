// Year steps on the admin's calendar: « and » beside its month arrows, so that reaching last
// year's dates takes a click a year instead of one a month. Runs after Django's DateTimeShortcuts
// has drawn its calendars (both wait for "load"; this file is loaded after it).
"use strict";
window.addEventListener("load", function () {
  if (!window.DateTimeShortcuts) {
    return;
  }
  DateTimeShortcuts.calendars.forEach(function (calendar, num) {
    const box = document.getElementById(DateTimeShortcuts.calendarDivName1 + num);
    const nav = box && box.querySelector(".calendarnav-previous");
    if (!nav) {
      return;
    }
    [
      ["calendarnav-previous-year", "«", "Năm trước", calendar.drawPreviousYear],
      ["calendarnav-next-year", "»", "Năm sau", calendar.drawNextYear],
    ].forEach(function ([className, text, label, step]) {
      const link = document.createElement("a");
      link.href = "#";
      link.className = className;
      link.textContent = text;
      link.title = label;
      link.setAttribute("aria-label", label);
      link.addEventListener("click", function (event) {
        event.preventDefault();
        step.call(calendar);
      });
      nav.parentNode.appendChild(link);
    });
  });
});
