// The admin's date boxes, as a clerk entering last year's records needs them:
// - the calendar steps by year too (« Năm trước, Năm sau » under its days), so that reaching last
//   year's dates takes a click a year instead of one a month (the labels come from the admin's
//   JavaScript catalogue, jsi18n, which DateTimeShortcuts needs too: locale/*/djangojs.po);
// - no time-zone note ("Note: Enter times in the … timezone"): a date here is a day, not a moment.
// Django's DateTimeShortcuts draws the calendars when the page has loaded, and again for every
// inline row added ("formset:added"); this file is loaded after it (DateWidget.Media), so its
// handlers run after Django's and can run again.
"use strict";
{
  const YEAR_STEPS = [
    ["calendarnav-previous-year", "« " + gettext("Năm trước"), "drawPreviousYear"],
    ["calendarnav-next-year", gettext("Năm sau") + " »", "drawNextYear"],
  ];

  function addYearSteps() {
    DateTimeShortcuts.calendars.forEach(function (calendar, num) {
      const box = document.getElementById(DateTimeShortcuts.calendarDivName1 + num);
      const days = document.getElementById(DateTimeShortcuts.calendarDivName2 + num);
      if (!box || !days || box.querySelector(".calendar-years")) {
        return;
      }
      const bar = document.createElement("div");
      bar.className = "calendar-years";
      YEAR_STEPS.forEach(function ([className, text, step]) {
        const link = document.createElement("a");
        link.href = "#";
        link.className = className;
        link.textContent = text;
        link.setAttribute("role", "button");
        link.addEventListener("click", function (event) {
          event.preventDefault();
          calendar[step]();
        });
        bar.appendChild(link);
      });
      days.after(bar); // under the days, above "Hôm qua | Hôm nay | Ngày mai"
    });
  }

  function dropTimezoneNotes() {
    document.querySelectorAll("input.vDateField").forEach(function (input) {
      if (input.closest("p.datetime")) {
        return; // a date with a time: the note is about the time
      }
      const note = document.getElementById(input.id + "_timezone_warning_helptext");
      if (note) {
        note.remove();
      }
    });
  }

  function improveDateBoxes() {
    if (!window.DateTimeShortcuts) {
      return;
    }
    addYearSteps();
    dropTimezoneNotes();
  }

  window.addEventListener("load", improveDateBoxes);
  document.addEventListener("formset:added", improveDateBoxes);
}
