// The back office's accessibility fixes that its own scripts need (tests/browser/test_admin_axe.py).
// The two-box selector (filter_horizontal) labels its filter fields with a bare <span aria-label>, which ARIA
// forbids on an element without a role: give the icon the role of an image, so that its label names the field.
window.addEventListener("load", () => {
  setTimeout(() => {
    document.querySelectorAll(".search-label-icon[aria-label]").forEach((icon) => icon.setAttribute("role", "img"));
  });
});
