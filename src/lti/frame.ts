/**
 * LTI pages live inside the platform's iframe: on those answers only, the platform's origin may
 * frame us (`frame-ancestors`) and our forms may post back to it (`form-action`, the deep-linking
 * response), and a window they open keeps them as its opener. Every other page keeps the app-wide
 * policy, which forbids framing by others.
 */
import type { Response } from 'express';

export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export function allowPlatform(res: Response, urls: readonly (string | undefined)[]): void {
  const origins = [...new Set(urls.map(originOf).filter((o): o is string => o !== null))];
  const sources = ["'self'", ...origins].join(' ');
  const kept = String(res.getHeader('Content-Security-Policy') ?? '')
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !d.startsWith('frame-ancestors') && !d.startsWith('form-action'));
  res.setHeader('Content-Security-Policy', [...kept, `frame-ancestors ${sources}`, `form-action ${sources}`].join(';'));
  res.removeHeader('X-Frame-Options');
  // The window our new-window page opens must keep that page, in the platform's frame, as its
  // opener: the picker there hands its answer back through it.
  res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
}
