/** An uploaded import file, read whole (imports are capped in size on upload). */
import type { FileStorage } from '../../../domain/storage.js';

export async function readStoredFile(storage: FileStorage, id: string): Promise<Buffer | null> {
  if (!(await storage.stat(id))) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of await storage.open(id)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
