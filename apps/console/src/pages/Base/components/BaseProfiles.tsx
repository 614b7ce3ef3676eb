import { useState } from 'react';
import { Button, Group, NativeSelect, Paper, Table, Text, TextInput, Title } from '@mantine/core';
import { BASE_PROFILES, can, type Base, type BaseProfile } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useBaseProfiles, useSetBaseProfile } from '../../../api/bases.ts';
import { useMembers } from '../../../api/members.ts';
import { FormAlert } from '../../../components/FormAlert.tsx';
import { AnchorLink } from '../../../components/links.tsx';
import { useErrorText } from '../../../i18n/errors.ts';
import { useFormat } from '../../../i18n/format.ts';

/** Members' profiles on the base: list, give one to a member, change or remove it (managers). */
export function BaseProfiles({ base }: { base: Base }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const profiles = useBaseProfiles(base.id);
  const members = useMembers(base.organizationId);
  const setProfile = useSetBaseProfile(base.id);
  const manager = can(base, 'base.profiles.manage');
  const [memberId, setMemberId] = useState('');
  const [profile, setProfileChoice] = useState<BaseProfile>('teacher');
  const [endsOn, setEndsOn] = useState('');
  const format = useFormat();
  const profileOptions = BASE_PROFILES.map((value) => ({ value, label: t(`baseProfiles.${value}`) }));
  const withProfile = new Set(profiles.data?.map((p) => p.memberId));
  // Legal owners and administrators are offered no profile: their role already opens every base.
  const candidates = (members.data ?? []).filter((m) => !withProfile.has(m.id) && m.role !== 'owner' && m.role !== 'admin');

  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb={4}>{t('base.profilesTitle')}</Title>
      <Text size="sm" c="dimmed" mb="sm">{t('base.profilesIntro')}</Text>
      <FormAlert message={setProfile.isError ? errorText(setProfile.error) : profiles.isError ? errorText(profiles.error) : null} />
      {(profiles.data ?? []).length === 0 ? (
        <Text size="sm">{t('base.noProfiles')}</Text>
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr><Table.Th>{t('fields.name')}</Table.Th><Table.Th>{t('fields.email')}</Table.Th><Table.Th>{t('base.profile')}</Table.Th><Table.Th>{t('base.profileEndsOn')}</Table.Th>{manager && <Table.Th>{t('common.actions')}</Table.Th>}</Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {profiles.data?.map((p) => (
              <Table.Tr key={p.memberId}>
                <Table.Td>{p.name}</Table.Td>
                <Table.Td>{p.email}</Table.Td>
                <Table.Td>
                  {manager ? (
                    <NativeSelect aria-label={t('base.profileOf', { name: p.name })} data={profileOptions} value={p.profile}
                      onChange={(e) => setProfile.mutate({ memberId: p.memberId, profile: e.currentTarget.value as BaseProfile, endsOn: p.endsOn })} />
                  ) : t(`baseProfiles.${p.profile}`)}
                </Table.Td>
                <Table.Td>{p.endsOn === null ? t('base.profileNoEnd') : format.day(p.endsOn)}</Table.Td>
                {manager && (
                  <Table.Td>
                    <Button size="xs" variant="subtle" color="red" aria-label={t('base.removeProfileOf', { name: p.name })}
                      onClick={() => setProfile.mutate({ memberId: p.memberId, profile: null })}>{t('base.removeProfile')}</Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {manager && members.isSuccess && candidates.length === 0 && (
        <Text size="sm" mt="md">
          {t('base.noCandidates')}{' '}
          <AnchorLink to="/organizations/$orgId/members" params={{ orgId: base.organizationId }}>{t('base.inviteMembers')}</AnchorLink>
        </Text>
      )}
      {manager && candidates.length > 0 && (
        <Group align="flex-end" mt="md">
          <NativeSelect label={t('base.member')} value={memberId} onChange={(e) => setMemberId(e.currentTarget.value)}
            data={[{ value: '', label: t('base.chooseMember') }, ...candidates.map((m) => ({ value: m.id, label: `${m.name} (${m.email})` }))]} />
          <NativeSelect label={t('base.profile')} value={profile} onChange={(e) => setProfileChoice(e.currentTarget.value as BaseProfile)} data={profileOptions} />
          <TextInput type="date" label={t('base.profileEndsOn')} description={t('base.profileEndsOnHint')} value={endsOn}
            onChange={(e) => setEndsOn(e.currentTarget.value)} />
          <Button disabled={memberId === ''} loading={setProfile.isPending}
            onClick={() => setProfile.mutate({ memberId, profile, ...(endsOn === '' ? {} : { endsOn }) }, {
              onSuccess: () => { setMemberId(''); setEndsOn(''); },
            })}>{t('base.giveProfile')}</Button>
        </Group>
      )}
    </Paper>
  );
}
