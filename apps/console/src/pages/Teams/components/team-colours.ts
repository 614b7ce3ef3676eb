import { useTranslation } from 'react-i18next';

/** The colours a team may take (lower-case `#rrggbb`, as the contract wants), each with its name. */
export function useTeamColours(): { value: string; label: string }[] {
  const { t } = useTranslation();
  return [
    { value: '#1c7ed6', label: t('teams.colours.blue') },
    { value: '#0c8599', label: t('teams.colours.cyan') },
    { value: '#2f9e44', label: t('teams.colours.green') },
    { value: '#e8590c', label: t('teams.colours.orange') },
    { value: '#e03131', label: t('teams.colours.red') },
    { value: '#c2255c', label: t('teams.colours.pink') },
    { value: '#9c36b5', label: t('teams.colours.grape') },
    { value: '#495057', label: t('teams.colours.gray') },
  ];
}
