/**
 * Issue 12: ResourceService.setFileTextState read the resource and wrote back its whole files
 * array, so a file added or removed in between was lost or came back. Files are added and removed
 * here at the same moment as text extraction completes, round after round, on the real database.
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Resource, ResourceFile } from '../../../src/domain/resource.js';
import { testContext } from '../../support/context.js';
import { person, province, resource } from '../../support/fixtures.js';

const ROUNDS = 24;

const newFile = (n: number): ResourceFile => ({
  id: randomBytes(12).toString('hex'),
  name: `tep-${n}.pdf`,
  size: 1000 + n,
  mediaType: 'application/pdf',
  kind: 'pdf',
  sha256: randomBytes(32).toString('hex'),
  duplicateOf: null,
  text: 'pending',
  uploadedAt: new Date(),
});

describe('hardening: text extraction completing while files are added and removed', function () {
  this.timeout(120_000);

  it('loses no added file, brings back no removed one, and keeps every text state', async () => {
    const { resources } = testContext().services;
    const { schoolA } = await province();
    const owner = await person([{ org: schoolA, role: 'teacher' }]);
    let r: Resource = await resource(owner.actor, schoolA, { status: 'draft' });
    let made = 0;
    for (; made < 4; made++) r = await resources.addFile(owner.actor, r.id, r.version, newFile(made));

    const present = new Set(r.files.map((f) => f.id));
    const done = new Set<string>();
    const failures: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const pending = r.files.filter((f) => f.text === 'pending');
      const target = pending[0]!;
      const other = pending[1] ?? r.files.find((f) => f.id !== target.id)!;
      const kind = (['add', 'remove another', 'remove the same'] as const)[round % 3];
      const change = async () => {
        if (kind === 'add') {
          const file = newFile(made++);
          present.add(file.id);
          return resources.addFile(owner.actor, r.id, r.version, file);
        }
        const removed = kind === 'remove the same' ? target : other;
        present.delete(removed.id);
        return (await resources.removeFile(owner.actor, r.id, r.version, removed.id)).resource;
      };
      // Both at once, as the text worker and a person's request would.
      await Promise.all([resources.setFileTextState(r.id, target.id, 'done'), change()]);
      if (present.has(target.id)) done.add(target.id);
      r = (await resources.find(r.id))!;
      const stored = new Set(r.files.map((f) => f.id));
      for (const id of present) if (!stored.has(id)) failures.push(`round ${round} (${kind}): file ${id} was lost`);
      for (const id of stored) if (!present.has(id)) failures.push(`round ${round} (${kind}): file ${id} came back`);
      for (const f of r.files)
        if (done.has(f.id) && f.text !== 'done') failures.push(`round ${round} (${kind}): ${f.id} lost its text state`);
      if (r.files.filter((f) => f.text === 'pending').length < 2) {
        r = await resources.addFile(owner.actor, r.id, r.version, newFile(made));
        present.add(r.files.at(-1)!.id);
        made++;
      }
    }
    expect(failures).to.deep.equal([]);
    const removals = Array.from({ length: ROUNDS }, (_, i) => i % 3).filter((k) => k !== 0).length;
    expect(r.version, "only the people's changes made new versions").to.equal(1 + made + removals);
  });
});
