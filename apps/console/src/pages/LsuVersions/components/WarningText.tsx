import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LsuSchemaWarning } from '@preau/contracts';

/** Console keys of the compiler's warning codes (a code it does not know reads as itself). */
const WARNING_KEYS: Record<string, string> = { 'xsd.idref_unreviewed': 'lsuVersions.warnings.idrefUnreviewed' };

/** One point the operator must review in a compiled schema, in their language. */
export function WarningText({ warning }: { warning: LsuSchemaWarning }) {
  const { t } = useTranslation();
  const key = WARNING_KEYS[warning.code];
  return (
    <Text size="sm" c="#8a4b00" data-warning={warning.code}>
      {key ? t(key, { ...warning.params, line: warning.line }) : `${warning.code} ${JSON.stringify(warning.params)}`}
    </Text>
  );
}
