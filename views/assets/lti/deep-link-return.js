// Sends the signed deep-linking answer back to the platform at once; the button stays for browsers without scripts.
// In the window our new-window page opened, the answer goes through that page, still inside the platform's
// dialogue: Moodle takes the picked items only from there.
function newWindowPageInFrame() {
  try {
    return window.opener?.document.querySelector('[data-new-window]') ? window.opener : null;
  } catch {
    return null; // an opener of another origin: not our page
  }
}

const form = document.querySelector('form[data-deep-link-return]');
const frame = newWindowPageInFrame();
if (form && frame) {
  const copy = frame.document.importNode(form, true);
  frame.document.body.append(copy);
  copy.submit();
  form.hidden = true;
  document.querySelector('[data-sent-to-course]').hidden = false;
  window.close();
} else {
  form?.submit();
}
