/** Templates get presenter output as text; handlebars escapes it, unless a template asks it not to. */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { viewsDir } from '../../src/web/views.js';

describe('views: escaping is theirs', () => {
  it('escape everything presenters give them: no triple-stash but the layouts’ page body', () => {
    const templates = fs.readdirSync(viewsDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.hbs'));
    expect(templates.length).to.be.greaterThan(20);
    const unescaped = templates.flatMap((file) =>
      [...fs.readFileSync(path.join(viewsDir, file), 'utf8').matchAll(/\{\{\{\s*([^}]*?)\s*\}\}\}/g)]
        .map((m) => `${file}: {{{${m[1]}}}}`)
        .filter((use) => !/^layouts\/[\w-]+\.hbs: \{\{\{body\}\}\}$/.test(use)),
    );
    expect(unescaped).to.deep.equal([]);
  });
});
