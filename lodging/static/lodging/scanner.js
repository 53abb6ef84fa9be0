// Reading a QR code with the phone's camera: the platform's BarcodeDetector where the
// browser has one, else jsQR (vendored from npm) on frames drawn to a canvas.
(function () {
  "use strict";
  const _ = (text) => window.gettext ? window.gettext(text) : text;
  const MAX_SIDE = 960;  // frames are scaled down: enough for a card's QR, fast on a phone

  let detectorPromise = null;
  function detector() {
    if (!detectorPromise) {
      detectorPromise = (async () => {
        if (!("BarcodeDetector" in window)) return null;
        try {
          const formats = await window.BarcodeDetector.getSupportedFormats();
          return formats.includes("qr_code")
            ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
        } catch (error) { return null; }
      })();
    }
    return detectorPromise;
  }

  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });

  function bytesToText(bytes) {
    // Chip cards encode the text as UTF-8; jsQR hands back the raw bytes too.
    try { return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes)); }
    catch (error) { return null; }
  }

  // The QR text in an image, video frame or bitmap, or null.
  async function decode(source, width, height) {
    const found = await detector();
    if (found) {
      try {
        const codes = await found.detect(source);
        if (codes.length) return codes[0].rawValue;
      } catch (error) { /* fall through to jsQR */ }
    }
    if (!window.jsQR || !width || !height) return null;
    const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const code = window.jsQR(image.data, image.width, image.height,
      { inversionAttempts: "attemptBoth" });
    if (!code) return null;
    return bytesToText(code.binaryData) || code.data;
  }

  async function decodeFile(file) {
    try {
      const bitmap = await createImageBitmap(file);
      const text = await decode(bitmap, bitmap.width, bitmap.height);
      bitmap.close();
      return text;
    } catch (error) { return null; }
  }

  // Opens the camera dialog; resolves with the QR text, or null when closed.
  function scanWithCamera() {
    const dialog = document.getElementById("camera-dialog");
    const video = document.getElementById("camera-video");
    const status = dialog.querySelector(".camera-status");
    const close = document.getElementById("camera-close");
    return new Promise((resolve) => {
      let stream = null, done = false, timer = null;
      function finish(text) {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (stream) stream.getTracks().forEach((track) => track.stop());
        video.srcObject = null;
        close.removeEventListener("click", cancel);
        dialog.removeEventListener("cancel", cancel);
        if (dialog.open) dialog.close();
        resolve(text);
      }
      function cancel(event) { if (event) event.preventDefault(); finish(null); }
      close.addEventListener("click", cancel);
      dialog.addEventListener("cancel", cancel);
      status.textContent = _("Starting the camera…");
      dialog.showModal();
      if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
        status.textContent = _("This browser cannot use the camera here. Take a photo " +
          "instead, or type the details.");
        return;
      }
      navigator.mediaDevices.getUserMedia({
        audio: false, video: { facingMode: { ideal: "environment" },
                               width: { ideal: 1280 }, height: { ideal: 720 } },
      }).then(async (media) => {
        stream = media;
        if (done) { finish(null); return; }
        video.srcObject = media;
        await video.play().catch(() => {});
        status.textContent = _("Looking for the QR code…");
        const tick = async () => {
          if (done) return;
          const text = video.videoWidth
            ? await decode(video, video.videoWidth, video.videoHeight) : null;
          if (text) finish(text);
          else timer = setTimeout(tick, 120);
        };
        tick();
      }).catch((error) => {
        status.textContent = error && error.name === "NotAllowedError"
          ? _("The camera is not allowed. Allow it in the browser's settings, or take a " +
              "photo instead.")
          : _("No camera could be opened. Take a photo instead, or type the details.");
      });
    });
  }

  window.StaysScanner = { scanWithCamera, decodeFile };
})();
