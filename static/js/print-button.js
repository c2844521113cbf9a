// Adds a "Print this page" button where a page asks for one. Printing works without it
// (the browser's own Print uses the same print stylesheet); without JavaScript, no button.
document.querySelectorAll("[data-print-button]").forEach(function (slot) {
  var button = document.createElement("button");
  button.type = "button";
  button.className = "button button--secondary";
  button.textContent = slot.getAttribute("data-print-button");
  button.addEventListener("click", function () {
    window.print();
  });
  slot.appendChild(button);
});
