// Progressive enhancement: show the "Print this page" buttons, which need JavaScript to open the print dialog.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
