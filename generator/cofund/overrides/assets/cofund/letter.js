// "Print this letter": the browser's print dialog, A4 (letter.css). Shown only
// where the script runs, as the button does nothing without it.
for (const button of document.querySelectorAll("[data-cofund-print]")) {
  button.addEventListener("click", () => window.print());
  button.hidden = false;
}
