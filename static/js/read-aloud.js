/* 朗读 (read aloud) for service, room and activity pages.
 *
 * The button ([data-read-aloud]) arrives hidden; this script shows it only when the browser has
 * speech synthesis AND a Chinese voice. It reads the page's main text ([data-read-region], else
 * the <article>) in zh-CN; pressing it again stops. Plain ES5, so that old phone browsers at worst
 * keep the button hidden. No network request: the browser's own voices only.
 */
(function () {
  "use strict";

  var button = document.querySelector("[data-read-aloud]");
  var synth = window.speechSynthesis;
  if (!button || !synth || typeof window.SpeechSynthesisUtterance !== "function") {
    return;
  }
  var region = document.querySelector("[data-read-region]") || document.querySelector("main article");
  if (!region) {
    return;
  }

  // Not read: this toolbar, anything hidden, icons, the feedback link and the staff's draft banner.
  var SKIP = "[data-read-skip], [hidden], [aria-hidden='true'], script, style, template, svg, .feedback-link, .draft-banner";
  // Elements that end a phrase: a short pause is made between them.
  var BLOCK = /^(P|LI|DT|DD|H[1-6]|TR|TH|TD|CAPTION|FIGCAPTION|DIV|SECTION|UL|OL|DL|TABLE|BR|BLOCKQUOTE)$/;
  // Long utterances stop halfway in some browsers: speak in pieces of at most this many characters.
  var PIECE = 80;

  var label = button.querySelector("[data-read-aloud-label]") || button;
  var voice = null;
  var run = 0; // which reading is current; events of a stopped one are ignored
  var reading = false;

  function matches(element, selector) {
    var fn = element.matches || element.webkitMatchesSelector || element.msMatchesSelector;
    return fn ? fn.call(element, selector) : false;
  }

  function chineseVoice() {
    var voices = synth.getVoices() || [];
    var mainland = null;
    var other = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = String(voices[i].lang || "").replace("_", "-").toLowerCase();
      if (lang === "zh-cn" || lang === "zh-hans-cn" || lang === "cmn-hans-cn" || lang === "cmn-cn") {
        mainland = mainland || voices[i];
      } else if (lang === "zh" || lang.indexOf("zh-") === 0 || lang.indexOf("cmn") === 0) {
        // Prefer Mandarin voices over Cantonese (zh-HK) when no mainland voice exists.
        if (!other || lang.indexOf("hk") === -1) {
          other = voices[i];
        }
      }
    }
    return mainland || other;
  }

  function offer() {
    if (voice) {
      return;
    }
    voice = chineseVoice();
    if (voice) {
      button.hidden = false;
    }
  }

  function textOf(root) {
    var parts = [];
    (function walk(node) {
      for (var child = node.firstChild; child; child = child.nextSibling) {
        if (child.nodeType === 3) {
          parts.push(child.nodeValue);
        } else if (child.nodeType === 1 && !matches(child, SKIP)) {
          var block = BLOCK.test(child.tagName);
          if (block) {
            parts.push("\n");
          }
          walk(child);
          // After an inline element a space, so that "08:30–11:30" and "13:30–16:30" do not run together.
          parts.push(block ? "\n" : " ");
        }
      }
    })(root);
    return parts.join("");
  }

  function spoken(text) {
    return text
      .replace(/(\d{1,2}:\d{2})\s*[–—-]\s*(\d{1,2}:\d{2})/g, "$1至$2") // 08:30–11:30 → 08:30至11:30
      .replace(/\s+·\s+/g, "，")
      .replace(/[→›×]/g, " ")
      .replace(/[ \t\u00a0]+/g, " ");
  }

  // Phrases (lines, then sentences) joined with a pause into pieces of at most PIECE characters.
  function pieces(text) {
    var phrases = [];
    var lines = text.split(/\s*\n\s*/);
    for (var i = 0; i < lines.length; i++) {
      var sentences = lines[i].match(/[^。！？；]+[。！？；]?/g) || [];
      for (var j = 0; j < sentences.length; j++) {
        var sentence = sentences[j].replace(/^\s+|\s+$/g, "");
        while (sentence.length > PIECE) {
          phrases.push(sentence.slice(0, PIECE));
          sentence = sentence.slice(PIECE);
        }
        if (sentence) {
          phrases.push(sentence);
        }
      }
    }
    var out = [];
    var current = "";
    for (var k = 0; k < phrases.length; k++) {
      if (current && current.length + phrases[k].length + 1 > PIECE) {
        out.push(current);
        current = "";
      }
      current += current && !/[。！？；，、：]$/.test(current) ? "，" + phrases[k] : phrases[k];
    }
    if (current) {
      out.push(current);
    }
    return out;
  }

  function show(isReading) {
    reading = isReading;
    label.textContent = button.getAttribute(isReading ? "data-label-stop" : "data-label-start");
    button.classList.toggle("is-reading", isReading);
  }

  function stop() {
    run += 1;
    synth.cancel();
    show(false);
  }

  function start() {
    synth.cancel();
    run += 1;
    var mine = run;
    var list = pieces(spoken(textOf(region)));
    if (!list.length) {
      return;
    }
    show(true);
    var finished = function () {
      if (mine === run) {
        show(false);
      }
    };
    for (var i = 0; i < list.length; i++) {
      var utterance = new window.SpeechSynthesisUtterance(list[i]);
      utterance.lang = "zh-CN";
      utterance.voice = voice;
      utterance.rate = 0.9; // a little slower than the default, for older listeners
      if (i === list.length - 1) {
        utterance.onend = finished;
      }
      utterance.onerror = finished;
      synth.speak(utterance);
    }
  }

  button.addEventListener("click", function () {
    if (reading) {
      stop();
    } else {
      start();
    }
  });
  // Leaving the page stops the voice (some browsers would go on reading).
  window.addEventListener("pagehide", function () {
    synth.cancel();
  });

  offer();
  if (!voice) {
    if (typeof synth.addEventListener === "function") {
      synth.addEventListener("voiceschanged", offer);
    } else {
      synth.onvoiceschanged = offer;
    }
  }
})();
