// The draft form shows the chosen type's own fields only (each names its types in data-types);
// without this script every field shows, each saying which types it is for. Hidden fields are
// not sent: the page gathers only the chosen type's values anyway.
(function () {
  "use strict";
  function fieldOf(input) {
    return input.closest(".field");
  }
  function apply(select) {
    var chosen = select.value;
    var form = select.form;
    form.querySelectorAll("[data-types]").forEach(function (input) {
      var field = fieldOf(input);
      if (!field) return;
      var shown = input.getAttribute("data-types").split(" ").indexOf(chosen) !== -1;
      field.hidden = !shown;
      input.disabled = !shown;
    });
  }
  document.querySelectorAll("select[data-alert-type]").forEach(function (select) {
    select.addEventListener("change", function () { apply(select); });
    apply(select);
  });
})();
