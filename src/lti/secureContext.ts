/**
 * Whether browsers treat our address as a secure context
 * (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy):
 * https, or a loopback address. Only there do they keep the `Secure; SameSite=None; Partitioned`
 * cookies that a launch inside another site's iframe needs; elsewhere on plain http an LMS on a
 * different site can never launch us, in its iframe or in a new window (a `Lax` cookie is not sent
 * with its cross-site form post).
 */
export function isSecureContextUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'https:') return true;
  if (protocol !== 'http:') return false;
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}
