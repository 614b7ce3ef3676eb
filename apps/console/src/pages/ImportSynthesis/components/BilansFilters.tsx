import { useEffect, useState } from 'react';
import { Group, NativeSelect, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const TYPING_PAUSE_MS = 300;
const ALL = '';

interface Props {
  classes: readonly string[];
  classCode: string | undefined;
  search: string | undefined;
  onChange: (next: { class?: string; search?: string }) => void;
}

/** The synthesis's class filter and pupil-name search; the search is sent once typing pauses. */
export function BilansFilters({ classes, classCode, search, onChange }: Props) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState(search ?? '');
  const [seen, setSeen] = useState(search);
  const [sent, setSent] = useState(search);
  // The URL changed under the field (back, a link), not by what was typed here: show its search.
  if (seen !== search) {
    setSeen(search);
    if (search !== sent) {
      setSent(search);
      setTyped(search ?? '');
    }
  }
  useEffect(() => {
    const wanted = typed.trim() === '' ? undefined : typed.trim();
    if (wanted === search) return undefined;
    const timer = setTimeout(() => {
      setSent(wanted);
      onChange({ class: classCode, search: wanted });
    }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [typed, search, classCode, onChange]);

  return (
    <Group align="flex-end">
      <TextInput label={t('imports.synthesis.search')} type="search" value={typed} w={280} maxLength={100}
        onChange={(event) => setTyped(event.currentTarget.value)} />
      <NativeSelect label={t('imports.synthesis.class')} value={classCode ?? ALL} w={200}
        data={[{ value: ALL, label: t('imports.synthesis.allClasses') }, ...classes.map((c) => ({ value: c, label: c }))]}
        onChange={(event) => onChange({ class: event.currentTarget.value === ALL ? undefined : event.currentTarget.value, search })} />
    </Group>
  );
}
