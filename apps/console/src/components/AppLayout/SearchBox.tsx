import { useState } from 'react';
import { Loader, Popover, ScrollArea, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { SEARCH_KINDS, type SearchHit, type SearchKind } from '@preau/contracts';
import { useTranslation } from 'react-i18next';
import { useSearch } from '../../api/search.ts';
import { AnchorLink } from '../links.tsx';

/** Longest query the server takes. */
const MAX_QUERY = 100;

/** The header's search box: results grouped by kind as one types, each opening its page. */
export function SearchBox({ orgId, canOpenMemberAccess }: { orgId: string; canOpenMemberAccess: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [query] = useDebouncedValue(text.trim(), 200);
  const search = useSearch(orgId, query);
  const groups = search.data && search.data.query === query ? search.data.groups : undefined;
  const found = groups ? SEARCH_KINDS.filter((kind) => groups[kind].length > 0) : [];

  return (
    <Popover opened={open && query !== ''} onChange={setOpen} width={420} position="bottom-start" trapFocus={false} returnFocus withRoles={false}>
      <Popover.Target>
        <TextInput
          type="search"
          value={text}
          maxLength={MAX_QUERY}
          onChange={(event) => { setText(event.currentTarget.value); setOpen(true); }}
          onFocus={() => setOpen(true)}
          onKeyDown={(event) => { if (event.key === 'Escape') setOpen(false); }}
          placeholder={t('search.placeholder')}
          aria-label={t('search.label')}
          leftSection={<IconSearch size={16} aria-hidden />}
          rightSection={search.isFetching ? <Loader size="xs" /> : null}
          w={{ base: 160, md: 280 }}
        />
      </Popover.Target>
      <Popover.Dropdown p="xs">
        <ScrollArea.Autosize mah={420} type="auto">
          {search.isError && <Text size="sm" c="red">{t('search.failed')}</Text>}
          {groups && found.length === 0 && <Text size="sm" c="dimmed">{t('search.nothing', { query })}</Text>}
          <Stack gap="sm" role="list" aria-label={t('search.results')}>
            {found.map((kind) => (
              <Stack key={kind} gap={2} role="listitem">
                <Text size="xs" fw={700} c="dimmed" tt="uppercase">{t(`search.kinds.${kind}`)}</Text>
                {groups![kind].map((hit) => (
                  <HitLink key={hit.id} kind={kind} hit={hit} orgId={orgId} canOpenMemberAccess={canOpenMemberAccess} onOpen={() => { setOpen(false); setText(''); }} />
                ))}
              </Stack>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}

function HitLink({ kind, hit, orgId, canOpenMemberAccess, onOpen }: { kind: SearchKind; hit: SearchHit; orgId: string; canOpenMemberAccess: boolean; onOpen: () => void }) {
  const body = (
    <>
      <Text size="sm" span display="block">{hit.title}</Text>
      {hit.detail && <Text size="xs" c="dimmed" span display="block">{hit.detail}</Text>}
    </>
  );
  const common = { onClick: onOpen, underline: 'never' as const, c: 'inherit', py: 2 };
  switch (kind) {
    case 'people':
      return canOpenMemberAccess
        ? <AnchorLink to="/organizations/$orgId/members/$memberId/access" params={{ orgId, memberId: hit.id }} {...common}>{body}</AnchorLink>
        : <AnchorLink to="/organizations/$orgId/members" params={{ orgId }} {...common}>{body}</AnchorLink>;
    case 'teams':
      return <AnchorLink to="/organizations/$orgId/teams/$teamId" params={{ orgId, teamId: hit.id }} {...common}>{body}</AnchorLink>;
    case 'bases':
      return <AnchorLink to="/bases/$baseId" params={{ baseId: hit.id }} {...common}>{body}</AnchorLink>;
    case 'pupils':
      return <AnchorLink to="/bases/$baseId/pupils/$pupilId" params={{ baseId: hit.baseId ?? '', pupilId: hit.id }} {...common}>{body}</AnchorLink>;
    case 'imports':
      return <AnchorLink to="/bases/$baseId/imports/$importId" params={{ baseId: hit.baseId ?? '', importId: hit.id }} {...common}>{body}</AnchorLink>;
    case 'invoices':
      return <AnchorLink to="/organizations/$orgId/billing" params={{ orgId }} search={{ q: hit.title }} {...common}>{body}</AnchorLink>;
  }
}
