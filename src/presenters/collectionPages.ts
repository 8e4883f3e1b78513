/** The reading-list pages: every list one may see with the form for a new one, and one list with its form. */
import type { Collection } from '../domain/collection.js';
import type { Organisation, OrganisationTree } from '../domain/organisation.js';
import { sharingScopes } from '../domain/resource.js';
import type { Language } from '../i18n/index.js';
import type { Actor } from '../policies/actor.js';
import type { SearchCard } from '../search/port.js';
import { presentCollection, presentCollectionDetail } from './collection.js';

export interface PageViewer {
  actor: Actor;
  lang: Language;
  t: (key: string) => string;
}

/** A form's state: field errors and what was typed (none on a first showing). */
export interface FormState {
  errors?: Record<string, string>;
  values?: Record<string, unknown>;
}

export const scopeOptions = (t: PageViewer['t'], chosen: string) =>
  sharingScopes.map((s) => ({
    value: s,
    label: t(`resources.scope.${s}`),
    explanation: t(`web.scopeExplained.${s}`),
    selected: s === chosen,
  }));

export function presentCollectionsPage(
  viewer: PageViewer,
  tree: OrganisationTree,
  lists: readonly { collection: Collection; visibleItems: number }[],
  creatableIn: readonly Organisation[],
  form: FormState = {},
) {
  const errors = form.errors ?? {};
  const values = form.values ?? {};
  return {
    title: viewer.t('web.lists.title'),
    lists: lists.map((l) => presentCollection(l.collection, l.visibleItems, viewer.actor, tree)),
    organisations: creatableIn.map((o) => ({ value: o.id, label: o.name, selected: o.id === values.orgId })),
    scopes: scopeOptions(viewer.t, typeof values.scope === 'string' ? values.scope : 'school'),
    errors,
    hasErrors: Object.keys(errors).length > 0,
    values,
  };
}

export function presentCollectionPage(
  viewer: PageViewer,
  tree: OrganisationTree,
  collection: Collection,
  items: SearchCard[],
  form: FormState = {},
) {
  const detail = presentCollectionDetail(collection, items, viewer.actor, tree, viewer.lang);
  return {
    title: detail.title,
    list: detail,
    scopeExplained: viewer.t(`web.scopeExplained.${detail.scope}`),
    scopes: scopeOptions(viewer.t, (form.values?.scope as string | undefined) ?? detail.scope),
    values: form.values ?? { title: detail.title, description: detail.description ?? '' },
    errors: form.errors ?? {},
  };
}
