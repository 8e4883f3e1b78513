// Sends the signed deep-linking answer back to the platform at once; the button stays for browsers without scripts.
document.querySelectorAll('form[data-autosubmit]').forEach((form) => form.submit());
