/* Forms on cached pages (The Sauce Drop sign-up, a workflow's outcome report) carry no CSRF token. Fetch one (which also sets
   the CSRF cookie) from the uncached /newsletter/csrf/ endpoint when the reader focuses the
   email field, and make sure it has arrived before the form is submitted. */
(function () {
  "use strict";

  function tokenInput(form) {
    return form.querySelector('input[name="csrfmiddlewaretoken"]');
  }

  function fetchToken(form) {
    if (!form._fluxToken) {
      form._fluxToken = fetch(form.dataset.csrfUrl, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" }
      })
        .then(function (response) {
          if (!response.ok) { throw new Error("csrf " + response.status); }
          return response.json();
        })
        .then(function (data) {
          tokenInput(form).value = data.token;
        })
        .catch(function () {
          form._fluxToken = null; // the server will ask the reader to press Subscribe once more
        });
    }
    return form._fluxToken;
  }

  document.querySelectorAll("form.signup[data-csrf-url], form.report-form[data-csrf-url]").forEach(function (form) {
    var input = tokenInput(form);
    if (!input || input.value) { return; } // the page already carries a token
    var email = form.querySelector('input[name="email"]');
    if (email) {
      email.addEventListener("focus", function () { fetchToken(form); }, { once: true });
    }
    form.addEventListener("submit", function (event) {
      if (input.value) { return; }
      event.preventDefault();
      var done = function () { form.submit(); };
      var pending = fetchToken(form);
      if (pending) { pending.then(done, done); } else { done(); }
    });
  });
})();
