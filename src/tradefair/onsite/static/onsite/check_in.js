// Check-in page: keyboard-wedge scanners type the code and press Enter; the camera is
// read with the vendored jsQR. Each scan carries a nonce, so retries count once; scans
// made without a network are kept in localStorage and uploaded when it is back.
(function () {
  "use strict";
  const form = document.getElementById("scan-form");
  const input = document.getElementById("code");
  const gateInput = document.getElementById("gate");
  const result = document.getElementById("result");
  const queueInfo = document.getElementById("queue");
  const video = document.getElementById("camera");
  const frame = document.getElementById("frame");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const text = form.dataset;
  const storageKey = text.storageKey;
  let lastCode = "";
  let lastAt = 0;

  function nonce() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
  }

  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(storageKey) || "[]"); } catch (e) { return []; }
  }

  function saveQueue(queue) {
    localStorage.setItem(storageKey, JSON.stringify(queue));
    queueInfo.textContent = queue.length ? queue.length + " " + text.textWaiting : "";
  }

  function show(kind, lines) {
    result.className = "scan-result " + kind;
    result.replaceChildren();
    lines.forEach(function (line, index) {
      const element = document.createElement(index === 1 && kind !== "refused" ? "div" : "p");
      if (index === 1 && kind !== "refused") element.className = "holder";
      element.textContent = line;
      result.appendChild(element);
    });
  }

  function showAccepted(body) {
    const holder = body.participant || {};
    const heading = body.duplicate ? text.textRepeat : text.textAccepted;
    const details = [holder.name_latin, holder.organisation, holder.country_name].filter(Boolean).join(" · ");
    show(body.duplicate ? "repeat" : "ok", [heading, holder.name || "", details]);
  }

  function post(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(payload),
    });
  }

  async function scan(code) {
    code = code.trim();
    if (!code) return;
    const now = Date.now();
    if (code === lastCode && now - lastAt < 3000) return; // the camera sees the same code many times a second
    lastCode = code;
    lastAt = now;
    const payload = { token: code, nonce: nonce(), gate: gateInput.value.trim(), scanned_at: new Date().toISOString() };
    let response;
    try {
      response = await post(text.endpoint, payload);
    } catch (networkError) {
      const queue = loadQueue();
      queue.push(payload);
      saveQueue(queue);
      show("queued", [text.textQueued]);
      return;
    }
    await answer(response, payload);
  }

  async function answer(response, payload) {
    const body = await response.json().catch(function () { return {}; });
    if (response.ok) showAccepted(body);
    else {
      show("refused", [body.detail || response.statusText]);
      // Anti-passback: the badge entered at another gate a moment ago. The gate staff
      // check the holder and may let them in anyway (the server logs it).
      if (body.code === "passback") offerOverride(payload);
    }
  }

  function offerOverride(payload) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "override";
    button.textContent = text.textOverride;
    button.addEventListener("click", async function () {
      button.disabled = true;
      const again = Object.assign({}, payload, { nonce: nonce(), override: true, scanned_at: new Date().toISOString() });
      try {
        await answer(await post(text.endpoint, again), again);
      } catch (networkError) {
        const queue = loadQueue();
        queue.push(again);
        saveQueue(queue);
        show("queued", [text.textQueued]);
      }
      input.focus();
    });
    result.appendChild(button);
  }

  async function flush() {
    const queue = loadQueue();
    if (!queue.length || !navigator.onLine) return;
    try {
      const response = await post(text.batchEndpoint, { scans: queue.slice(0, 500) });
      if (!response.ok) return;
      const body = await response.json();
      const done = new Set(body.results.map(function (item) { return item.nonce; }));
      saveQueue(loadQueue().filter(function (item) { return !done.has(item.nonce); }));
    } catch (networkError) { /* still offline: try again later */ }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    scan(input.value);
    input.value = "";
    input.focus();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      scan(input.value);
      input.value = "";
    }
  });

  document.getElementById("camera-button").addEventListener("click", async function () {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || typeof jsQR !== "function") {
      show("refused", [text.textNoCamera]);
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      video.style.display = "block";
      await video.play();
      const context = frame.getContext("2d", { willReadFrequently: true });
      const tick = function () {
        if (video.readyState === video.HAVE_ENOUGH_DATA) {
          frame.width = video.videoWidth;
          frame.height = video.videoHeight;
          context.drawImage(video, 0, 0, frame.width, frame.height);
          const image = context.getImageData(0, 0, frame.width, frame.height);
          const found = jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
          if (found && found.data) scan(found.data);
        }
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    } catch (error) {
      show("refused", [text.textNoCamera]);
    }
  });

  window.addEventListener("online", flush);
  setInterval(flush, 10000);
  saveQueue(loadQueue());
  flush();
})();
