// The medicine lookup sends what is typed as the API's `q` (the field's own name is
// `medicines`, the name the profile form posts). An external listener, because the
// Content-Security-Policy allows no inline script and no code in htmx attributes.
document.addEventListener("htmx:configRequest", (event) => {
  const field = event.detail.elt;
  const param = field.dataset ? field.dataset.lookupParam : undefined;
  if (param) {
    event.detail.parameters[param] = field.value;
  }
});
