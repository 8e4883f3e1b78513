// LTI Dynamic Registration: tells the LMS that registration is over so it closes our window or frame.
function closeRegistration() {
  (window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*');
}
document.querySelector('[data-close-registration]')?.addEventListener('click', closeRegistration);
closeRegistration();
