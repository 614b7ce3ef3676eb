import { Alert, Stack } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { FileIssue } from '@preau/contracts';
import { useMessage } from '../../../i18n/messages.ts';

/** A finished import's notices (not errors), e.g. how many bilans identical to stored ones it left as they were. */
export function ImportNotices({ notices }: { notices: FileIssue[] }) {
  const message = useMessage();
  return (
    <Stack gap="xs">
      {notices.map((notice, k) => (
        <Alert key={k} color="blue" icon={<IconInfoCircle aria-hidden />} data-code={notice.code}>
          {message(notice)}
        </Alert>
      ))}
    </Stack>
  );
}
