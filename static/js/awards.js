// Progressive enhancement only: without it, an empty reason takes the chosen template's wording on the server.
document.addEventListener("DOMContentLoaded", function () {
  var data = document.getElementById("reason-templates");
  var select = document.querySelector("select[name=template]");
  if (!data || !select) { return; }
  var templates = {};
  JSON.parse(data.textContent).forEach(function (t) { templates[t.id] = t; });
  var english = document.querySelector("textarea[name=reason_en]");
  var french = document.querySelector("textarea[name=reason_fr]");
  var previous = templates[select.value];
  select.addEventListener("change", function () {
    var chosen = templates[select.value];
    // Replace the wording only where the person has not changed the previous template's text.
    [[english, "en"], [french, "fr"]].forEach(function (pair) {
      var area = pair[0], lang = pair[1];
      if (!area) { return; }
      if (area.value.trim() === "" || (previous && area.value === previous[lang])) {
        area.value = chosen ? chosen[lang] : "";
      }
    });
    if (chosen) {
      var radio = document.querySelector("input[name=outcome][value=" + chosen.outcome + "]");
      if (radio) { radio.checked = true; }
    }
    previous = chosen;
  });
});
