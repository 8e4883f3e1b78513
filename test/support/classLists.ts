/** Uploading a class-list file as the page's multipart form does (the CSRF token in the headers). */
import type { Client } from './client.js';

export async function uploadClassList(client: Client, orgId: string, year: string, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('year', year);
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  return fetch(`${client.baseUrl}/library/schools/${orgId}/classes/import`, {
    method: 'POST',
    body: form,
    headers: client.authHeaders(),
    redirect: 'manual',
  });
}
