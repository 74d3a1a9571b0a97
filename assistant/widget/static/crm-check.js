/*
 * crm-check.js: GDPR check while typing, for any CRM page. No dependency, no build step.
 *
 * Include it once and mark the comment fields to watch:
 *   <script src="https://ASSISTANT/widget/crm-check.js" data-api-key="crm_..." data-lang="fr" defer></script>
 *   <textarea data-gdpr-check></textarea>
 *
 * Options (attributes of the script tag, or window.CRM_GDPR_CHECK = {apiUrl, apiKey, lang, delay} set before it):
 *   data-api-url  where the assistant runs (default: where this file was loaded from)
 *   data-api-key  an API key from `assistant api-key` (needed when the assistant has keys)
 *   data-lang     language of the widget's own labels: fr (default) or en
 *   data-delay    milliseconds of typing pause before a check (default 400)
 * Scripts can also call CrmGdprCheck.attach(textarea) on a field added later.
 *
 * While the agent types, the comment is sent to POST /api/v1/check; sensitive passages are underlined in the
 * field and listed under it with their reason (the list is what screen readers read). When the comment must
 * be corrected, one click asks POST /api/v1/rewrite for the verified rewrite, shown for confirmation before
 * it replaces the text.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var config = window.CRM_GDPR_CHECK || {};
  var data = (script && script.dataset) || {};
  var API_URL = (config.apiUrl || data.apiUrl || (script ? new URL(script.src).origin : "")).replace(/\/$/, "");
  var API_KEY = config.apiKey || data.apiKey || "";
  var LANG = (config.lang || data.lang || "fr") === "en" ? "en" : "fr";
  var DELAY = Number(config.delay || data.delay || 400);
  // Only this field's box geometry and text metrics are copied to the underline layer.
  var MIRRORED = ["fontFamily", "fontSize", "fontWeight", "fontStyle", "letterSpacing", "lineHeight", "textTransform",
    "wordSpacing", "textIndent", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft", "borderTopWidth",
    "borderRightWidth", "borderBottomWidth", "borderLeftWidth", "boxSizing", "tabSize"];

  var TEXT = {
    fr: {
      region: "Vérification RGPD du commentaire", checking: "Vérification…",
      clean: "✓ Aucune donnée sensible détectée.", flagged: "⚠ Commentaire à corriger : ",
      passages: function (n) { return n + (n > 1 ? " passages sensibles." : " passage sensible."); },
      rewrite: "Proposer une reformulation conforme", rewriting: "Reformulation en cours…",
      proposal: "Reformulation vérifiée :", apply: "Remplacer le texte", dismiss: "Ignorer",
      fallback: "Reformulation par les règles : ", failed: "Vérification indisponible : "
    },
    en: {
      region: "GDPR check of the comment", checking: "Checking…",
      clean: "✓ No sensitive data found.", flagged: "⚠ Comment to correct: ",
      passages: function (n) { return n + (n > 1 ? " sensitive passages." : " sensitive passage."); },
      rewrite: "Suggest a compliant rewrite", rewriting: "Rewriting…",
      proposal: "Verified rewrite:", apply: "Replace the text", dismiss: "Dismiss",
      fallback: "Rewritten by the rules: ", failed: "Check unavailable: "
    }
  }[LANG];

  var STYLE = [
    ".gdpr-check-wrap{position:relative;display:block}",
    ".gdpr-check-layer{position:absolute;top:0;left:0;overflow:hidden;pointer-events:none;color:transparent;",
    "white-space:pre-wrap;overflow-wrap:break-word;border-color:transparent!important;border-style:solid}",
    ".gdpr-check-layer mark{color:transparent;background:rgba(220,38,38,.12);border-radius:2px;",
    "text-decoration:underline wavy #dc2626;text-decoration-skip-ink:none;text-underline-offset:3px}",
    ".gdpr-check-panel{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin-top:6px;color:#1f2933}",
    ".gdpr-check-status.is-flagged{color:#b42318;font-weight:600}.gdpr-check-status.is-clean{color:#1a7f37}",
    ".gdpr-check-list{margin:4px 0 6px;padding-left:1.2em}.gdpr-check-list q{font-weight:600}",
    ".gdpr-check-panel button{font:inherit;margin:4px 6px 0 0;padding:4px 10px;border-radius:4px;",
    "border:1px solid #4f46e5;background:#fff;color:#4338ca;cursor:pointer}",
    ".gdpr-check-panel button.primary{background:#4f46e5;color:#fff}",
    ".gdpr-check-proposal{margin-top:6px;padding:6px 8px;border-left:3px solid #4f46e5;background:#f5f7ff}",
    ".gdpr-check-note{color:#52606d;font-size:12px}"
  ].join("");

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function call(path, body, signal) {
    var headers = { "Content-Type": "application/json" };
    if (API_KEY) { headers.Authorization = "Bearer " + API_KEY; }
    return fetch(API_URL + path, { method: "POST", headers: headers, body: JSON.stringify(body), signal: signal })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (payload) {
          if (!response.ok) {
            var message = (payload.error && payload.error.message) || ("HTTP " + response.status);
            throw new Error(message);
          }
          return payload;
        });
      });
  }

  // The API counts offsets in Unicode code points; JavaScript strings count UTF-16 units.
  function utf16Offsets(text) {
    var offsets = [0];
    var position = 0;
    Array.from(text).forEach(function (character) {
      position += character.length;
      offsets.push(position);
    });
    return offsets;
  }

  function Checker(field) {
    this.field = field;
    this.timer = null;
    this.inflight = null;
    this.build();
    var self = this;
    field.addEventListener("input", function () { self.schedule(); });
    field.addEventListener("scroll", function () { self.syncScroll(); });
    if (window.ResizeObserver) { new ResizeObserver(function () { self.syncBox(); }).observe(field); }
    if (field.value.trim()) { this.check(); }
  }

  Checker.prototype.build = function () {
    var field = this.field;
    var id = field.id || ("gdpr-check-" + Math.random().toString(36).slice(2));
    field.id = id;
    this.wrap = element("div", "gdpr-check-wrap");
    field.parentNode.insertBefore(this.wrap, field);
    this.layer = element("div", "gdpr-check-layer");
    this.layer.setAttribute("aria-hidden", "true");
    this.wrap.appendChild(this.layer);
    this.wrap.appendChild(field);
    field.style.position = "relative";
    field.style.background = "transparent";
    this.panel = element("div", "gdpr-check-panel");
    this.panel.setAttribute("role", "region");
    this.panel.setAttribute("aria-label", TEXT.region);
    this.panel.id = id + "-gdpr";
    this.status = element("div", "gdpr-check-status");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.list = element("ul", "gdpr-check-list");
    this.actions = element("div", "gdpr-check-actions");
    this.panel.appendChild(this.status);
    this.panel.appendChild(this.list);
    this.panel.appendChild(this.actions);
    this.wrap.parentNode.insertBefore(this.panel, this.wrap.nextSibling);
    var described = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (described ? described + " " : "") + this.panel.id);
    this.syncBox();
  };

  Checker.prototype.syncBox = function () {
    var style = window.getComputedStyle(this.field);
    var layer = this.layer;
    MIRRORED.forEach(function (name) { layer.style[name] = style[name]; });
    layer.style.width = this.field.offsetWidth + "px";
    layer.style.height = this.field.offsetHeight + "px";
    layer.style.backgroundColor = style.backgroundColor === "rgba(0, 0, 0, 0)" ? "#fff" : style.backgroundColor;
    this.syncScroll();
  };

  Checker.prototype.syncScroll = function () {
    this.layer.scrollTop = this.field.scrollTop;
    this.layer.scrollLeft = this.field.scrollLeft;
  };

  Checker.prototype.schedule = function () {
    var self = this;
    clearTimeout(this.timer);
    this.underline(this.field.value, []);  // stale marks would sit on the wrong words
    this.timer = setTimeout(function () { self.check(); }, DELAY);
  };

  Checker.prototype.check = function () {
    var self = this;
    var text = this.field.value;
    if (this.inflight) { this.inflight.abort(); }
    if (!text.trim()) { this.show(text, null); return; }
    this.inflight = new AbortController();
    this.status.className = "gdpr-check-status";
    this.status.textContent = TEXT.checking;
    call("/api/v1/check", { text: text }, this.inflight.signal)
      .then(function (result) {
        if (self.field.value === text) { self.show(text, result); }  // else a newer check is on its way
      })
      .catch(function (error) {
        if (error.name !== "AbortError") { self.fail(error); }
      });
  };

  Checker.prototype.show = function (text, result) {
    var flagging = result ? result.entities.filter(function (entity) { return entity.flags; }) : [];
    this.underline(text, flagging);
    this.list.textContent = "";
    this.actions.textContent = "";
    if (!result) { this.status.textContent = ""; return; }
    if (!result.flag) {
      this.status.className = "gdpr-check-status is-clean";
      this.status.textContent = TEXT.clean;
      return;
    }
    this.status.className = "gdpr-check-status is-flagged";
    this.status.textContent = TEXT.flagged + TEXT.passages(flagging.length);
    var list = this.list;
    flagging.forEach(function (entity) {
      var item = element("li", "gdpr-check-finding");
      item.appendChild(element("q", "", entity.text));
      item.appendChild(document.createTextNode(" — " + entity.reason));
      list.appendChild(item);
    });
    var self = this;
    var button = element("button", "primary gdpr-check-rewrite", TEXT.rewrite);
    button.type = "button";
    button.addEventListener("click", function () { self.rewrite(text, button); });
    this.actions.appendChild(button);
  };

  Checker.prototype.underline = function (text, entities) {
    var offsets = utf16Offsets(text);
    var layer = this.layer;
    var cursor = 0;
    layer.textContent = "";
    entities.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (entity) {
      var start = offsets[entity.start];
      var end = offsets[entity.end];
      if (start === undefined || end === undefined || start < cursor) { return; }
      layer.appendChild(document.createTextNode(text.slice(cursor, start)));
      var mark = element("mark", "", text.slice(start, end));
      mark.title = entity.reason;
      layer.appendChild(mark);
      cursor = end;
    });
    // A trailing space keeps the layer's last line as tall as the field's.
    layer.appendChild(document.createTextNode(text.slice(cursor) + " "));
    this.syncScroll();
  };

  Checker.prototype.rewrite = function (text, button) {
    var self = this;
    button.disabled = true;
    button.textContent = TEXT.rewriting;
    call("/api/v1/rewrite", { text: text })
      .then(function (result) {
        if (self.field.value !== text) { return; }  // the agent kept typing: the proposal would be stale
        self.propose(result);
      })
      .catch(function (error) { self.fail(error); });
  };

  Checker.prototype.propose = function (result) {
    var self = this;
    this.actions.textContent = "";
    var box = element("div", "gdpr-check-proposal");
    box.appendChild(element("div", "gdpr-check-note", TEXT.proposal));
    box.appendChild(element("div", "gdpr-check-proposed", result.rewrite));
    if (result.warning) { box.appendChild(element("div", "gdpr-check-note", TEXT.fallback + result.warning)); }
    var apply = element("button", "primary gdpr-check-apply", TEXT.apply);
    apply.type = "button";
    apply.addEventListener("click", function () {
      self.field.value = result.rewrite;
      self.field.dispatchEvent(new Event("input", { bubbles: true }));  // the CRM's own listeners see the change
      self.field.dispatchEvent(new Event("change", { bubbles: true }));
      self.field.focus();
    });
    var dismiss = element("button", "gdpr-check-dismiss", TEXT.dismiss);
    dismiss.type = "button";
    dismiss.addEventListener("click", function () { box.remove(); self.check(); });
    box.appendChild(apply);
    box.appendChild(dismiss);
    this.actions.appendChild(box);
    apply.focus();
  };

  Checker.prototype.fail = function (error) {
    this.status.className = "gdpr-check-status";
    this.status.textContent = TEXT.failed + error.message;
  };

  function attach(field) {
    if (!field || field.gdprChecker) { return field && field.gdprChecker; }
    if (!document.getElementById("gdpr-check-style")) {
      var style = element("style", "", STYLE);
      style.id = "gdpr-check-style";
      document.head.appendChild(style);
    }
    field.gdprChecker = new Checker(field);
    return field.gdprChecker;
  }

  function attachAll() {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-gdpr-check]"), attach);
  }

  window.CrmGdprCheck = { attach: attach };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attachAll);
  } else {
    attachAll();
  }
})();
