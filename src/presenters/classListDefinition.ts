/**
 * A school's list of classes for a year as view data: each class with its change form, errors beside
 * the form they belong to.
 */
import { classKey, type DefinedClassList } from '../domain/classMembership.js';
import type { Translate } from '../i18n/index.js';

export interface ClassListShown {
  form?: string;
  errors?: Record<string, string>;
  values?: Record<string, unknown>;
  copied?: number;
}

const text = (v: unknown) => (typeof v === 'string' ? v : '');

export function presentClassList(list: DefinedClassList, shown: ClassListShown, t: Translate) {
  const errors = shown.errors ?? {};
  const values = shown.values ?? {};
  const own = (form: string) => (shown.form === form ? errors : {});
  const done = text(values.done);
  return {
    year: list.schoolYear,
    previousYear: list.previousYear,
    canCopy: list.previousClasses > 0,
    notice: done
      ? t(`classes2.list.done.${done}`)
      : shown.copied !== undefined
        ? t('classes2.list.copied', { count: shown.copied })
        : '',
    copyError: own('copy')._ ?? '',
    add: {
      errors: own('add'),
      className: shown.form === 'add' ? text(values.className) : '',
      grade: shown.form === 'add' ? text(values.grade) : '',
      homeroomTeacher: shown.form === 'add' ? text(values.homeroomTeacher) : '',
    },
    classes: list.classes.map((c) => {
      const key = classKey(c.className);
      const mine = shown.form === key;
      return {
        key,
        className: c.className,
        grade: c.grade,
        homeroomTeacher: c.homeroomTeacher ?? '',
        students: c.students,
        errors: own(key),
        newName: mine && typeof values.className === 'string' ? values.className : c.className,
        newGrade: mine && typeof values.grade === 'string' ? values.grade : String(c.grade),
        newTeacher:
          mine && typeof values.homeroomTeacher === 'string' ? values.homeroomTeacher : (c.homeroomTeacher ?? ''),
      };
    }),
  };
}
