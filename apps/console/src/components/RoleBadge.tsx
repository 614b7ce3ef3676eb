import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Role } from '@preau/contracts';

const ROLE_COLORS: Record<Role, string> = { owner: 'grape', admin: 'blue', collaborator: 'teal', external: 'gray' };

/** A member's role as a coloured badge. */
export function RoleBadge({ role }: { role: Role }) {
  const { t } = useTranslation();
  return <Badge color={ROLE_COLORS[role]} variant="light">{t(`roles.${role}`)}</Badge>;
}
