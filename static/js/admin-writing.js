// The admin's writing desk: EasyMDE on Markdown fields (fluxsite.widgets.MarkdownEditor) with a
// preview the server renders through the published page's own pipeline, shown in a frame that
// loads the site's CSS; live word count and reading time; character counters and search-result and
// social-card previews for the SEO fields. Runs under the site's CSP: no inline script, no eval.
(function () {
  "use strict";

  var WORDS_PER_MINUTE = 230; // fluxsite/markdown.py
  var WORD = /[\p{L}\p{N}\p{M}_]+/gu; // Python's \w+, as fluxsite.markdown.word_count counts
  var SERP_TITLE = 60; // characters of a title search results show, roughly
  var SERP_DESCRIPTION = 155; // characters of a description, roughly
  var CARD_DESCRIPTION = 110;

  function csrfToken(element) {
    // From the form's hidden input: the CSRF cookie may be HttpOnly.
    var form = element.closest("form");
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function countWords(text) {
    var found = text.match(WORD);
    return found ? found.length : 0;
  }

  function truncate(text, limit) {
    if (text.length <= limit) return text;
    var cut = text.slice(0, limit - 1);
    var space = cut.lastIndexOf(" ");
    return (space > limit * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, "") + "…";
  }

  // --- Toolbar ------------------------------------------------------------------------------

  // A pull quote is a paragraph of its own whose lines start with ">> " (fluxsite/markdown.py).
  function togglePullQuote(editor) {
    var cm = editor.codemirror;
    var from = cm.getCursor("from").line;
    var to = cm.getCursor("to").line;
    var lines = [];
    for (var n = from; n <= to; n++) lines.push(cm.getLine(n));
    var quoted = lines.every(function (line) { return /^>>/.test(line); });
    var changed = lines.map(function (line) {
      if (quoted) return line.replace(/^>>[ \t]?/, "");
      return line.trim() ? ">> " + line.replace(/^>[ \t]?/, "") : line;
    });
    if (!quoted && lines.length === 1 && !lines[0].trim()) changed = [">> "];
    var text = changed.join("\n");
    if (!quoted) {
      if (from > 0 && cm.getLine(from - 1).trim()) text = "\n" + text;
      if (to < cm.lastLine() && cm.getLine(to + 1).trim()) text = text + "\n";
    }
    cm.replaceRange(text, { line: from, ch: 0 }, { line: to, ch: cm.getLine(to).length });
    cm.focus();
  }

  function toolbar(extra) {
    var E = window.EasyMDE;
    return [
      { name: "heading-2", action: E.toggleHeading2, text: "H", title: "Subhead (## )" },
      { name: "heading-3", action: E.toggleHeading3, text: "H", title: "Small subhead (### )" },
      "|",
      { name: "bold", action: E.toggleBold, text: "B", title: "Bold" },
      { name: "italic", action: E.toggleItalic, text: "I", title: "Italic" },
      { name: "link", action: E.drawLink, text: "Link", title: "Link" },
      "|",
      { name: "unordered-list", action: E.toggleUnorderedList, text: "• List", title: "Bulleted list" },
      { name: "ordered-list", action: E.toggleOrderedList, text: "1. List", title: "Numbered list" },
      { name: "quote", action: E.toggleBlockquote, text: "Quote", title: "Quote (> )" },
      { name: "pull-quote", action: togglePullQuote, text: "Pull quote", title: "Pull quote (>> ), a paragraph of its own" },
    ].concat(extra);
  }

  // --- Preview ------------------------------------------------------------------------------

  function Preview(root, textarea, editor) {
    this.root = root;
    this.textarea = textarea;
    this.editor = editor;
    this.frame = root.querySelector("[data-writer-frame]");
    this.state = root.querySelector("[data-writer-state]");
    this.url = textarea.getAttribute("data-preview-url");
    this.timer = null;
    this.request = null;
    this.cost = 0; // how long the last render took, in ms: long texts wait longer between renders
    this.ready = false;
  }

  Preview.prototype.target = function (name) {
    var doc = this.frame.contentDocument;
    return doc ? doc.querySelector("[data-preview-" + name + "]") : null;
  };

  Preview.prototype.start = function () {
    var self = this;
    var loaded = function () {
      if (!self.target("body")) return;
      self.ready = true;
      self.heading();
      self.render();
    };
    this.frame.addEventListener("load", loaded);
    if (this.frame.contentDocument && this.frame.contentDocument.readyState === "complete") loaded();
    this.editor.codemirror.on("change", function () { self.schedule(); });
    this.editor.codemirror.on("scroll", function () { self.follow(); });
    var form = this.textarea.closest("form");
    ["headline", "dek"].forEach(function (part) {
      var name = self.textarea.getAttribute("data-preview-" + part);
      var input = name && form && form.querySelector("[name=" + name + "]");
      if (input) input.addEventListener("input", function () { self.heading(); });
    });
  };

  Preview.prototype.heading = function () {
    var form = this.textarea.closest("form");
    var self = this;
    ["headline", "dek"].forEach(function (part) {
      var name = self.textarea.getAttribute("data-preview-" + part);
      var input = name && form && form.querySelector("[name=" + name + "]");
      var target = self.target(part);
      if (!target) return;
      target.textContent = input ? input.value : "";
      target.hidden = !target.textContent;
    });
  };

  Preview.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    this.state.textContent = "…";
    this.timer = window.setTimeout(function () { self.render(); }, Math.min(3000, Math.max(300, this.cost * 2)));
  };

  Preview.prototype.render = function () {
    if (!this.ready) return;
    var self = this;
    if (this.request) this.request.abort();
    var request = (this.request = new AbortController());
    var started = window.performance.now();
    this.state.textContent = "updating…";
    fetch(this.url, {
      method: "POST",
      body: this.editor.value(),
      credentials: "same-origin",
      headers: { "Content-Type": "text/plain; charset=utf-8", "X-CSRFToken": csrfToken(this.textarea), Accept: "application/json" },
      signal: request.signal,
    })
      .then(function (response) {
        return response.json().then(
          function (data) { return data; },
          function () { return { error: "The preview could not be made (" + response.status + "); your text is safe in the editor." }; }
        );
      })
      .then(function (data) {
        self.cost = window.performance.now() - started;
        if (data.error) {
          self.state.textContent = data.error;
          return;
        }
        var target = self.target("body");
        if (target) target.innerHTML = data.html; // sanitized by the server, as on the published page
        self.state.textContent = "";
        self.follow();
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;
        self.state.textContent = "Preview unavailable (no connection?); your text is safe in the editor.";
      });
  };

  // Keep the preview at the same place in the text as the editor.
  Preview.prototype.follow = function () {
    var info = this.editor.codemirror.getScrollInfo();
    var win = this.frame.contentWindow;
    var doc = this.frame.contentDocument;
    if (!win || !doc || !doc.scrollingElement) return;
    var range = info.height - info.clientHeight;
    var ratio = range > 0 ? info.top / range : 0;
    win.scrollTo(0, ratio * (doc.scrollingElement.scrollHeight - win.innerHeight));
  };

  // --- Images: upload by button, drop or paste, or pick from the library ---------------------

  // Put a block of Markdown (an image) at `pos` as a paragraph of its own.
  function insertBlock(cm, pos, text) {
    var line = cm.getLine(pos.line);
    var at = line.trim() ? { line: pos.line, ch: line.length } : { line: pos.line, ch: 0 };
    var before = line.trim() ? "\n\n" : pos.line > 0 && cm.getLine(pos.line - 1).trim() ? "\n" : "";
    var next = pos.line < cm.lastLine() ? cm.getLine(pos.line + 1) : "";
    var after = line.trim() || next.trim() ? "\n\n" : "\n";
    cm.replaceRange(before + text + after, at);
    cm.setCursor({ line: at.line + before.split("\n").length - 1 + text.split("\n").length, ch: 0 });
    cm.focus();
  }

  function ImageDialog(template, textarea, editor) {
    var fragment = template.content.cloneNode(true);
    this.dialog = fragment.querySelector("dialog");
    document.body.appendChild(this.dialog); // outside the admin's form: a form of its own
    this.textarea = textarea;
    this.editor = editor;
    this.uploadUrl = template.getAttribute("data-upload-url");
    this.libraryUrl = template.getAttribute("data-library-url");
    this.maxBytes = parseInt(template.getAttribute("data-max-bytes"), 10);
    this.file = null;
    this.pos = null;
    this.bind();
  }

  ImageDialog.prototype.part = function (name) {
    return this.dialog.querySelector("[data-" + name + "]");
  };

  ImageDialog.prototype.bind = function () {
    var self = this;
    var form = this.dialog.querySelector("form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.upload();
    });
    this.part("upload-cancel").addEventListener("click", function () { self.dialog.close(); });
    this.part("upload-file").addEventListener("change", function () {
      self.choose(self.part("upload-file").files[0] || null);
    });
    var search = this.part("library-search");
    var timer = null;
    search.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { self.library(search.value); }, 200);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // searching, not uploading
    });
    var cm = this.editor.codemirror;
    cm.on("drop", function (cm, event) {
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) return;
      event.preventDefault();
      self.open(files[0], cm.coordsChar({ left: event.clientX, top: event.clientY }, "window"));
    });
    cm.on("paste", function (cm, event) {
      var files = event.clipboardData && event.clipboardData.files;
      if (!files || !files.length) return;
      event.preventDefault();
      self.open(files[0], cm.getCursor());
    });
  };

  ImageDialog.prototype.error = function (text) {
    var box = this.part("upload-error");
    box.textContent = text || "";
    box.hidden = !text;
  };

  ImageDialog.prototype.choose = function (file) {
    this.file = file;
    var chosen = this.part("upload-chosen");
    chosen.hidden = !file;
    chosen.textContent = file ? "File: " + file.name + " (" + (file.size / 1048576).toFixed(1) + " MB)" : "";
    this.part("upload-pick").hidden = Boolean(file);
    this.error("");
    if (file && file.size > this.maxBytes) {
      this.error(file.name + " is " + (file.size / 1048576).toFixed(1) + " MB; the limit is " + Math.round(this.maxBytes / 1048576) + " MB.");
    }
  };

  ImageDialog.prototype.open = function (file, pos) {
    this.pos = pos || this.editor.codemirror.getCursor();
    this.part("upload-file").value = "";
    ["upload-alt", "upload-caption", "upload-credit", "library-search"].forEach(function (name) { this.part(name).value = ""; }, this);
    this.choose(file);
    this.library("");
    this.dialog.showModal();
    (file ? this.part("upload-alt") : this.part("upload-file")).focus();
  };

  ImageDialog.prototype.insert = function (markdown) {
    insertBlock(this.editor.codemirror, this.pos, markdown);
    this.dialog.close();
  };

  ImageDialog.prototype.upload = function () {
    var self = this;
    if (!this.file) return this.error("Choose an image file first.");
    if (!this.part("upload-alt").value.trim()) {
      this.part("upload-alt").focus();
      return this.error("Alt text is required: describe the picture for readers who can't see it.");
    }
    if (this.file.size > this.maxBytes) return this.choose(this.file);
    var data = new FormData();
    data.append("file", this.file, this.file.name || "pasted-image");
    data.append("alt_text", this.part("upload-alt").value);
    data.append("caption", this.part("upload-caption").value);
    data.append("credit", this.part("upload-credit").value);
    var button = this.part("upload-submit");
    button.disabled = true;
    this.error("");
    button.textContent = "Uploading…";
    fetch(this.uploadUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(this.textarea), Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(
          function (body) { return body; },
          function () { return { error: "The upload failed (" + response.status + "). Try again, or a smaller file." }; }
        );
      })
      .then(function (body) {
        if (body.markdown) return self.insert(body.markdown);
        var messages = body.errors ? Object.keys(body.errors).map(function (key) { return body.errors[key].join(" "); }) : [];
        self.error(body.error || messages.join(" ") || "The upload failed.");
      })
      .catch(function () { self.error("The upload failed (no connection?). Try again."); })
      .then(function () {
        button.disabled = false;
        button.textContent = "Upload and insert";
      });
  };

  ImageDialog.prototype.library = function (term) {
    var self = this;
    var list = this.part("library-results");
    fetch(this.libraryUrl + "?q=" + encodeURIComponent(term), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { images: [] }; })
      .then(function (data) {
        list.replaceChildren.apply(list, data.images.map(function (image) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.title = "Insert: " + image.alt_text;
          var thumb = document.createElement("img");
          thumb.src = image.thumbnail;
          thumb.alt = "";
          var label = document.createElement("span");
          label.textContent = image.alt_text;
          button.append(thumb, label);
          button.addEventListener("click", function () { self.insert(image.markdown); });
          item.appendChild(button);
          return item;
        }));
      })
      .catch(function () { /* the library is a convenience; uploading still works */ });
  };

  // --- Autosave: an unsaved copy on the server while typing, offered back after a closed tab ---

  function Autosave(root, textarea, editor) {
    this.root = root;
    this.textarea = textarea;
    this.editor = editor;
    this.form = textarea.closest("form");
    this.url = textarea.getAttribute("data-autosave-url");
    this.discardUrl = textarea.getAttribute("data-autosave-discard-url");
    this.article = textarea.getAttribute("data-article") || null;
    this.status = root.querySelector("[data-writer-autosave]");
    this.timer = null;
    this.paused = false; // while an earlier copy is on offer, typing must not replace it
  }

  Autosave.prototype.input = function (name) {
    return this.form.querySelector("[name=" + name + "]");
  };

  Autosave.prototype.fields = function () {
    var self = this;
    var fields = { article: this.article, body: this.editor.value() };
    ["headline", "dek"].forEach(function (name) {
      var input = self.input(name);
      fields[name] = input ? input.value : "";
    });
    return fields;
  };

  Autosave.prototype.start = function () {
    var self = this;
    if (this.form) {
      // Saving the form makes the copy pointless (the server clears it); don't send one after it.
      this.form.addEventListener("submit", function () {
        window.clearTimeout(self.timer);
        self.paused = true;
      });
    }
    var changed = function () { self.schedule(); };
    this.editor.codemirror.on("change", changed);
    ["headline", "dek"].forEach(function (name) {
      var input = self.input(name);
      if (input) input.addEventListener("input", changed);
    });
    fetch(this.url + "?article=" + encodeURIComponent(this.article || ""), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { autosave: null }; })
      .then(function (data) { if (data.autosave) self.offer(data.autosave); })
      .catch(function () { /* nothing to offer */ });
  };

  Autosave.prototype.offer = function (copy) {
    var current = this.fields();
    if (copy.body === current.body && copy.headline === current.headline && copy.dek === current.dek) return;
    var self = this;
    this.paused = true;
    var box = document.createElement("div");
    box.className = "writer-restore";
    box.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = "Text you typed here at " + copy.saved_at + " was never saved (a closed tab, or a crash?). It is kept for you.";
    var restore = document.createElement("button");
    restore.type = "button";
    restore.textContent = "Restore it";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.textContent = "Discard it";
    box.append(text, restore, discard);
    this.root.parentNode.insertBefore(box, this.root);
    restore.addEventListener("click", function () {
      ["headline", "dek"].forEach(function (name) {
        var input = self.input(name);
        if (input) {
          input.value = copy[name];
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      self.paused = false;
      self.editor.value(copy.body);
      box.remove();
      self.status.textContent = "Restored the text from " + copy.saved_at + "; Save to keep it.";
    });
    discard.addEventListener("click", function () {
      var body = new URLSearchParams();
      body.set("article", self.article || "");
      fetch(self.discardUrl, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": csrfToken(self.textarea) } })
        .then(function () {
          self.paused = false;
          box.remove();
        })
        .catch(function () { text.textContent = "Couldn't discard it (no connection?). Try again."; });
    });
  };

  Autosave.prototype.schedule = function () {
    var self = this;
    if (this.paused) return;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.store(); }, 1500);
  };

  Autosave.prototype.store = function () {
    var self = this;
    fetch(this.url, {
      method: "POST",
      body: JSON.stringify(this.fields()),
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(this.textarea), Accept: "application/json" },
    })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) { self.status.textContent = "· Saved " + data.saved_at + " (a draft copy; Save to keep it)"; })
      .catch(function () { self.status.textContent = "· Not autosaved (no connection?); your text is still here."; });
  };

  // --- Presence: a notice when someone else has the same article open (a heartbeat, no socket) ---

  function presence(root, textarea) {
    var url = textarea.getAttribute("data-presence-url");
    var notice = document.createElement("p");
    notice.className = "writer-presence";
    notice.setAttribute("role", "status");
    notice.hidden = true;
    root.parentNode.insertBefore(notice, root);
    function beat() {
      fetch(url, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrfToken(textarea), Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { others: [] }; })
        .then(function (data) {
          var names = data.others;
          notice.hidden = !names.length;
          notice.textContent = names.length
            ? names.join(", ") + (names.length === 1 ? " also has" : " also have") + " this article open. If you both save, the later save is refused."
            : "";
        })
        .catch(function () { /* a notice only */ });
    }
    beat();
    window.setInterval(beat, 20000);
  }

  // --- Counts -------------------------------------------------------------------------------

  function showCounts(root, text) {
    var words = countWords(text);
    var minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
    root.querySelector("[data-writer-words]").textContent = words.toLocaleString("en-US") + (words === 1 ? " word" : " words");
    root.querySelector("[data-writer-minutes]").textContent = minutes + " min read";
  }

  // --- The editor ---------------------------------------------------------------------------

  function attach(textarea) {
    var root = textarea.closest("[data-writer]");
    var template = root.querySelector("template[data-writer-upload]");
    var images = null;
    var extra = template
      ? [{ name: "image", action: function () { images.open(null); }, text: "Image", title: "Image: upload, drop, paste or pick from the library" }]
      : [];
    var editor = new window.EasyMDE({
      element: textarea,
      autoDownloadFontAwesome: false, // no CDN: toolbar buttons carry text labels
      spellChecker: false, // it would fetch dictionaries from a CDN; the browser's own checker works
      nativeSpellcheck: true,
      inputStyle: "contenteditable",
      forceSync: true, // the textarea always holds the text, so a plain form post sends it
      status: false,
      toolbar: toolbar(extra),
      minHeight: "24rem",
      maxHeight: "30rem", // scrolls beside the preview frame, which follows it
      unorderedListStyle: "-",
      blockStyles: { italic: "_" },
      // The preview is the server's (the frame beside the editor); EasyMDE's own would use marked.
      shortcuts: { togglePreview: null, toggleSideBySide: null, toggleFullScreen: null },
      previewRender: function () { return null; },
    });
    textarea.fluxEditor = editor;
    if (template) images = new ImageDialog(template, textarea, editor);
    showCounts(root, editor.value());
    editor.codemirror.on("change", function () { showCounts(root, editor.value()); });
    new Preview(root, textarea, editor).start();
    if (textarea.getAttribute("data-autosave-url")) new Autosave(root, textarea, editor).start();
    if (textarea.getAttribute("data-presence-url")) presence(root, textarea);
    root.classList.add("writer--ready");
  }

  // --- Search and social previews -----------------------------------------------------------

  function sharePreview(box) {
    var form = box.closest("form");
    var siteName = box.getAttribute("data-site-name");
    var host = box.getAttribute("data-site-url").replace(/^https?:\/\//, "");
    var suffix = " — " + siteName;

    function value(name) {
      var input = form.querySelector("[name=" + name + "]");
      if (input) return input.value.trim();
      var shown = form.querySelector(".field-" + name + " .readonly");
      return shown ? shown.textContent.trim() : "";
    }

    function fill(selector, text) {
      var element = box.querySelector(selector);
      if (element) element.textContent = text;
    }

    function update() {
      var title = value("seo_title") || value("headline") || "Headline";
      var description = value("seo_description") || value("dek");
      fill("[data-serp-title]", truncate(title + suffix, SERP_TITLE));
      fill("[data-serp-url]", "› articles › " + (value("slug") || "…"));
      fill("[data-serp-description]", description ? truncate(description, SERP_DESCRIPTION) : "No meta description or dek: search engines will quote the page.");
      fill("[data-card-domain]", host.toUpperCase());
      fill("[data-card-title]", truncate(title, 70));
      fill("[data-card-description]", truncate(description, CARD_DESCRIPTION));
    }

    ["seo_title", "headline", "seo_description", "dek", "slug"].forEach(function (name) {
      var input = form.querySelector("[name=" + name + "]");
      if (input) input.addEventListener("input", update);
    });
    var hero = form.querySelector("input[type=file][name=hero_image]");
    if (hero) {
      hero.addEventListener("change", function () {
        box.querySelector("[data-card-note]").hidden = !hero.files.length;
        var image = box.querySelector("[data-card-image]");
        if (image) image.classList.toggle("social-card__image--stale", hero.files.length > 0);
      });
    }
    update();
  }

  // Characters typed against what search results show; the field's max length still applies.
  var COUNTERS = [
    { name: "seo_title", shown: SERP_TITLE, suffix: true, warn: true, what: "search results show about %s beside “%t”" },
    { name: "headline", shown: SERP_TITLE, suffix: true, what: "without an SEO title, search results show about %s of it" },
    { name: "seo_description", shown: SERP_DESCRIPTION, warn: true, what: "search results show about %s" },
  ];

  function counter(form, spec, siteName) {
    var input = form.querySelector("input[name=" + spec.name + "], textarea[name=" + spec.name + "]");
    if (!input) return;
    var suffix = " — " + siteName;
    var shown = spec.suffix ? spec.shown - suffix.length : spec.shown;
    var note = document.createElement("p");
    note.className = "help char-counter";
    note.id = "id_" + spec.name + "_counter";
    note.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + note.id).trim());
    (input.closest(".flex-container") || input).insertAdjacentElement("afterend", note);
    function update() {
      var length = input.value.length;
      var max = input.maxLength > 0 ? " (at most " + input.maxLength + ")" : "";
      note.textContent = length + " characters" + max + "; " + spec.what.replace("%s", shown).replace("%t", suffix.trim());
      note.classList.toggle("char-counter--over", Boolean(spec.warn) && length > shown);
    }
    input.addEventListener("input", update);
    update();
  }

  function init() {
    if (window.EasyMDE) document.querySelectorAll("textarea[data-markdown-editor]").forEach(attach);
    document.querySelectorAll("[data-share-preview]").forEach(function (box) {
      sharePreview(box);
      var form = box.closest("form");
      COUNTERS.forEach(function (spec) { counter(form, spec, box.getAttribute("data-site-name")); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
