// The review queue: one box ticks every registration on the page.
document.addEventListener("change", function (event) {
  if (!event.target.classList.contains("select-all")) return;
  document.querySelectorAll('input[name="participants"]').forEach(function (box) {
    box.checked = event.target.checked;
  });
});
