/**
 * The organisation tree in memory (a province has hundreds of nodes, not millions), reloaded from
 * the database when the change feed says a node changed. Policies ask it who is above whom.
 */
import type { Organisation, OrganisationTree } from '../domain/organisation.js';
import { allOrganisations, findOrganisation } from '../models/organisation.js';
import { compareVietnamese } from '../search/text.js';
import type { ChangeSubscriber } from './changeFeed.js';

export class OrganisationDirectory implements OrganisationTree, ChangeSubscriber {
  private byId = new Map<string, Organisation>();
  private children = new Map<string | null, Organisation[]>();
  /** Changes whenever the tree does: what is worked out from the tree is kept per version. */
  version = 0;

  async reloadAll(): Promise<void> {
    const all = await allOrganisations();
    this.byId = new Map(all.map((o) => [o.id, o]));
    this.rebuildChildren();
  }

  async apply(ids: string[]): Promise<void> {
    for (const id of ids) {
      const org = await findOrganisation(id);
      if (org) this.byId.set(id, org);
      else this.byId.delete(id);
    }
    this.rebuildChildren();
  }

  get(id: string): Organisation | undefined {
    return this.byId.get(id);
  }

  byCode(code: string): Organisation | undefined {
    for (const o of this.byId.values()) if (o.code === code) return o;
    return undefined;
  }

  all(): Organisation[] {
    return [...this.byId.values()];
  }

  roots(): Organisation[] {
    return this.children.get(null) ?? [];
  }

  childrenOf(id: string): Organisation[] {
    return this.children.get(id) ?? [];
  }

  ancestorIds(id: string): string[] {
    const ids: string[] = [];
    const seen = new Set<string>([id]);
    let parent = this.byId.get(id)?.parentId ?? null;
    while (parent && !seen.has(parent)) {
      ids.unshift(parent);
      seen.add(parent);
      parent = this.byId.get(parent)?.parentId ?? null;
    }
    return ids;
  }

  isWithin(id: string, ancestorId: string): boolean {
    if (id === ancestorId) return true;
    let parent = this.byId.get(id)?.parentId ?? null;
    for (let depth = 0; parent && depth < 64; depth++) {
      if (parent === ancestorId) return true;
      parent = this.byId.get(parent)?.parentId ?? null;
    }
    return false;
  }

  /** The node and everything below it, depth first, in Vietnamese name order. */
  subtree(id: string): Organisation[] {
    const root = this.byId.get(id);
    if (!root) return [];
    const out: Organisation[] = [];
    const visit = (o: Organisation) => {
      out.push(o);
      for (const c of this.childrenOf(o.id)) visit(c);
    };
    visit(root);
    return out;
  }

  /** Codes from the root down to the node, e.g. ['SGDLA', 'THCS-NT']. */
  codePath(id: string): string[] {
    return [...this.ancestorIds(id), id].map((a) => this.byId.get(a)?.code ?? a);
  }

  private rebuildChildren(): void {
    this.version++;
    const children = new Map<string | null, Organisation[]>();
    for (const o of this.byId.values()) {
      const key = o.parentId && this.byId.has(o.parentId) ? o.parentId : null;
      if (!children.has(key)) children.set(key, []);
      children.get(key)!.push(o);
    }
    for (const list of children.values()) list.sort((a, b) => compareVietnamese(a.name, b.name));
    this.children = children;
  }
}
