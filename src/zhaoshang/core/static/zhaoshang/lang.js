// Submit the language form as soon as a language is chosen (no inline handlers under CSP).
document.addEventListener("change", (event) => {
  if (event.target.name === "language" && event.target.form) event.target.form.submit();
});
