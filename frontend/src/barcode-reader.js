// Reading barcodes from camera frames: the browser's BarcodeDetector where it has one for Code
// 128 and QR (Chrome on Android, ChromeOS, macOS), else ZXing-C++ compiled to WebAssembly
// (the zxing-wasm package, an ES module served from node_modules like Lit; its .wasm is fetched
// from there too, never from a CDN). Both are loaded only when the camera is first used.
// `createReader()` resolves to {name, read(source)} where `source` is a canvas holding the
// frame and read() resolves to the texts found (possibly none).

const ZXING = '/node_modules/zxing-wasm/dist/es/reader/index.js';
const ZXING_WASM = '/node_modules/zxing-wasm/dist/reader/zxing_reader.wasm';
const WANTED = ['code_128', 'qr_code'];

let zxing = null;

async function zxingReader() {
  if (!zxing) {
    zxing = (async () => {
      const module = await import(ZXING);
      const response = await fetch(ZXING_WASM, { credentials: 'same-origin' });
      if (!response.ok) throw new Error(`the barcode reader could not be loaded (HTTP ${response.status})`);
      const wasmBinary = await response.arrayBuffer();
      await module.prepareZXingModule({
        overrides: { wasmBinary, locateFile: (path) => `/node_modules/zxing-wasm/dist/reader/${path}` },
        fireImmediately: true,
      });
      return module;
    })().catch((err) => {
      zxing = null;
      throw err;
    });
  }
  const module = await zxing;
  const options = { formats: ['Code128', 'QRCode'], tryHarder: true, maxNumberOfSymbols: 4 };
  return {
    name: 'zxing-wasm',
    async read(canvas) {
      const context = canvas.getContext('2d', { willReadFrequently: true });
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const results = await module.readBarcodes(image, options);
      return results.filter((r) => r.isValid && r.text).map((r) => r.text);
    },
  };
}

async function nativeReader() {
  if (!('BarcodeDetector' in globalThis)) return null;
  try {
    const supported = await globalThis.BarcodeDetector.getSupportedFormats();
    const formats = WANTED.filter((f) => supported.includes(f));
    if (formats.length < WANTED.length) return null;
    const detector = new globalThis.BarcodeDetector({ formats });
    return {
      name: 'BarcodeDetector',
      async read(canvas) {
        const found = await detector.detect(canvas);
        return found.map((b) => b.rawValue).filter(Boolean);
      },
    };
  } catch {
    return null;
  }
}

/** The best reader this browser offers. */
export async function createReader() {
  return (await nativeReader()) || zxingReader();
}

/**
 * Repeated sightings of one code while it stays in front of the camera count once: a text is
 * reported again only after `quietMs` without seeing it.
 */
export class SightingFilter {
  constructor(quietMs = 1500) {
    this.quietMs = quietMs;
    this._seen = new Map();   // text -> last time seen
  }

  /** The texts of this frame that are new sightings. */
  take(texts, now) {
    const fresh = [];
    for (const text of new Set(texts)) {
      const last = this._seen.get(text);
      if (last === undefined || now - last > this.quietMs) fresh.push(text);
      this._seen.set(text, now);
    }
    return fresh;
  }
}
