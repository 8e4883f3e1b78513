// The PDF viewer of views/partials/viewer.hbs: pdf.js from our own origin, one page at a time on a
// canvas with a text layer above it (selectable, findable text), page navigation and zoom.
import * as pdfjs from '/assets/vendor/pdfjs/build/pdf.min.mjs';

const vendor = '/assets/vendor/pdfjs';
pdfjs.GlobalWorkerOptions.workerSrc = `${vendor}/build/pdf.worker.min.mjs`;

const MIN_SCALE = 0.5;
const MAX_SCALE = 3;

async function start(root) {
  root.dataset.started = 'true';
  const status = root.querySelector('[data-role=status]');
  const sheet = root.querySelector('[data-role=sheet]');
  const canvas = sheet.querySelector('canvas');
  const textLayer = sheet.querySelector('.textLayer');
  const button = (action) => root.querySelector(`[data-action=${action}]`);
  let documentProxy;
  try {
    documentProxy = await pdfjs.getDocument({
      url: root.dataset.src,
      isEvalSupported: false,
      standardFontDataUrl: `${vendor}/standard_fonts/`,
      cMapUrl: `${vendor}/cmaps/`,
      wasmUrl: `${vendor}/wasm/`,
    }).promise;
  } catch {
    status.hidden = true;
    root.querySelector('[data-role=failed]').hidden = false;
    return;
  }
  root.querySelector('[data-role=pages]').textContent = String(documentProxy.numPages);
  let pageNumber = 1;
  let scale = Math.min(1.5, Math.max(MIN_SCALE, (root.clientWidth || 800) / 620));
  let task = null;

  async function render() {
    task?.cancel();
    const page = await documentProxy.getPage(pageNumber);
    const viewport = page.getViewport({ scale });
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${Math.floor(viewport.width)}px`;
    canvas.style.height = `${Math.floor(viewport.height)}px`;
    sheet.style.setProperty('--scale-factor', String(scale));
    sheet.style.setProperty('--total-scale-factor', String(scale));
    task = page.render({
      canvas,
      canvasContext: canvas.getContext('2d'),
      viewport,
      transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0],
    });
    try {
      await task.promise;
    } catch (err) {
      if (err?.name === 'RenderingCancelledException') return;
      throw err;
    }
    textLayer.replaceChildren();
    await new pdfjs.TextLayer({ textContentSource: page.streamTextContent(), container: textLayer, viewport }).render();
    root.querySelector('[data-role=page]').textContent = String(pageNumber);
    button('prev').disabled = pageNumber <= 1;
    button('next').disabled = pageNumber >= documentProxy.numPages;
    status.hidden = true;
    root.dataset.renderedPage = String(pageNumber);
  }

  const go = (change) => () => {
    pageNumber = Math.min(documentProxy.numPages, Math.max(1, pageNumber + change));
    void render();
  };
  const zoom = (factor) => () => {
    scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale * factor));
    void render();
  };
  button('prev').addEventListener('click', go(-1));
  button('next').addEventListener('click', go(1));
  button('zoom-in').addEventListener('click', zoom(1.25));
  button('zoom-out').addEventListener('click', zoom(0.8));
  await render();
}

for (const root of document.querySelectorAll('.pdf-viewer:not([data-started])')) void start(root);
