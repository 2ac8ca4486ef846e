// Wagtail 8 autosave creates the page on its first successful save from the "Add page"
// form, then points the form at the new page's edit URL. A "Save draft" / "Submit" clicked
// while that first autosave is still on its way posts the form to the *create* URL again,
// so the second create collides with the page autosave just made ("The slug ... is already
// in use"). Our reviewed page types make this the common case: an education page needs a
// reference, so its first autosave succeeds only when the editor adds the last field, just
// before clicking a footer button. Upstream's autosave controller does not hold back a
// native submit while its request is pending (Wagtail 8.0.1, the `w-autosave` controller in
// wagtailadmin/js/core.js; no upstream issue found for it as of 2026-11: report it, and drop
// this file once Wagtail waits for the pending autosave itself).
// This waits for the pending autosave to finish (the form's action then names the edit
// view) and submits again with the same button.
(() => {
  const pending = new WeakMap();

  const settle = (form) => {
    const entry = pending.get(form);
    if (!entry) return;
    pending.delete(form);
    entry.resolve();
  };

  document.addEventListener("w-autosave:save", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || pending.has(form)) return;
    let resolve;
    const promise = new Promise((done) => {
      resolve = done;
    });
    pending.set(form, { promise, resolve });
    // A cancelled save sends nothing and reports nothing.
    queueMicrotask(() => {
      if (event.defaultPrevented) settle(form);
    });
  });
  document.addEventListener("w-autosave:success", (event) => settle(event.target));
  document.addEventListener("w-autosave:error", (event) => settle(event.target));

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      const entry = pending.get(form);
      if (!entry || !form.matches("form[data-edit-form]")) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      const submitter = event.submitter;
      entry.promise.then(() => form.requestSubmit(submitter || undefined));
    },
    true,
  );
})();
