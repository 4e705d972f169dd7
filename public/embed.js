/*!
 * Newsdesk embed loader. Paste where a card should appear:
 *   <div data-newsdesk-card="CARD_ID"></div>
 *   <script async src="https://NEWSDESK/embed.js"></script>
 * Each placeholder becomes an iframe of NEWSDESK/embed/cards/CARD_ID that updates live and sizes
 * itself to its content. Plain ES2017, no dependencies, safe to include more than once.
 */
(function () {
  "use strict";

  // Keep in step with lib/protocol/embed.ts (EMBED_ATTRIBUTE, EMBED_SIZE_MESSAGE, embedCardPath,
  // EMBED_DEFAULT_HEIGHT); tests/embed-budget.test.ts checks that they match.
  var ATTRIBUTE = "data-newsdesk-card";
  /** An iframe pasted as is (oEmbed html) that this loader adopts and keeps sized. */
  var FRAME_ATTRIBUTE = "data-newsdesk-frame";
  var SIZE_MESSAGE = "newsdesk:embed-size";
  var FRAME_PATH = "/embed/cards/";
  var DEFAULT_HEIGHT = 400;
  /** Heights outside this range are not a card's: ignored rather than obeyed. */
  var MIN_HEIGHT = 1;
  var MAX_HEIGHT = 20000;
  /** Set on a placeholder once it holds its iframe, so no element is ever embedded twice. */
  var DONE = "data-newsdesk-embedded";
  var LOADER = /\/embed\.js(?:[?#]|$)/;

  // The Newsdesk this loader came from: frames are loaded from it and only its messages count.
  // currentScript is null in some cases (script injected by a tag manager, run from a callback):
  // then the loader's own <script> is the last one whose URL ends in /embed.js.
  var script = document.currentScript;
  if (!script || !LOADER.test(script.src)) {
    script = null;
    var scripts = document.getElementsByTagName("script");
    for (var s = scripts.length - 1; s >= 0 && !script; s--) if (LOADER.test(scripts[s].src)) script = scripts[s];
  }
  // script.src is the resolved, absolute URL; URL.origin writes it as event.origin does.
  if (!script || !/^https?:\/\/[^/]/.test(script.src)) return;
  var origin = new URL(script.src).origin;

  // The snippet carries its own <script>, so a page with three cards runs this file three times:
  // the first run does the work, later ones only look for placeholders it has not seen yet.
  var loaders = window.__newsdeskEmbed || (window.__newsdeskEmbed = {});
  if (typeof loaders[origin] === "function") {
    loaders[origin]();
    return;
  }

  /** The iframes this loader made, to match a message's source against. */
  var frames = [];

  function setHeight(frame, height) {
    frame.style.height = height + "px";
  }

  function embed(el) {
    if (el.hasAttribute(DONE)) return;
    var id = (el.getAttribute(ATTRIBUTE) || "").trim();
    if (!id) return;
    el.setAttribute(DONE, "");
    var frame = document.createElement("iframe");
    frame.src = origin + FRAME_PATH + encodeURIComponent(id);
    frame.title = el.getAttribute("data-title") || "Newsdesk card";
    frame.setAttribute("width", "100%");
    frame.setAttribute("loading", "lazy");
    // The frame needs its own origin (scripts, live connection, postMessage origin) and may open
    // the card's page in a new tab; it may not navigate or script the host page.
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox");
    frame.style.display = "block";
    frame.style.width = "100%";
    frame.style.maxWidth = "100%";
    frame.style.border = "0";
    setHeight(frame, DEFAULT_HEIGHT);
    el.textContent = "";
    el.appendChild(frame);
    frames.push(frame);
  }

  /** An iframe of ours already on the page (oEmbed html): follow its size messages too. */
  function adopt(frame) {
    if (frame.hasAttribute(DONE) || frame.tagName !== "IFRAME") return;
    if (frame.src.indexOf(origin + FRAME_PATH) !== 0) return;
    frame.setAttribute(DONE, "");
    frames.push(frame);
  }

  function scan(root) {
    var base = root || document;
    if (base !== document && base.hasAttribute(FRAME_ATTRIBUTE)) adopt(base);
    var pasted = base.querySelectorAll("iframe[" + FRAME_ATTRIBUTE + "]");
    for (var j = 0; j < pasted.length; j++) adopt(pasted[j]);
    if (base !== document && base.hasAttribute(ATTRIBUTE)) embed(base);
    var found = base.querySelectorAll("[" + ATTRIBUTE + "]");
    for (var i = 0; i < found.length; i++) embed(found[i]);
    // Forget iframes that left the page (a single-page site replacing its content).
    frames = frames.filter(function (f) {
      return f.isConnected;
    });
  }

  window.addEventListener("message", function (event) {
    // Exactly our Newsdesk's origin, exactly one of our frames, exactly our message.
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== SIZE_MESSAGE || typeof data.cardId !== "string") return;
    var height = data.height;
    if (typeof height !== "number" || !(height >= MIN_HEIGHT && height <= MAX_HEIGHT)) return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        setHeight(frames[i], Math.ceil(height));
        return;
      }
    }
  });

  loaders[origin] = function () {
    scan();
  };
  scan();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", loaders[origin]);
  // Placeholders added later (a page that renders on the client, infinite scroll).
  if (typeof MutationObserver === "function") {
    new MutationObserver(function (records) {
      for (var r = 0; r < records.length; r++) {
        var added = records[r].addedNodes;
        for (var n = 0; n < added.length; n++) if (added[n].nodeType === 1) scan(added[n]);
      }
    }).observe(document.documentElement, { childList: true, subtree: true });
  }
})();
