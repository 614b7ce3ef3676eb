import { Box, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContentNode } from './content-tree.ts';
import { Section } from './Section.tsx';

/**
 * The bilan elements the pupil page lays out (BilanContent, BilanParts, BilanPeople), and those it
 * leaves out on purpose (`responsables`: the pupil's legal guardians).
 */
const LAID_OUT = new Set([
  'liste-acquis', 'acquis-conseils', 'appreciation-generale', 'synthese', 'epis-eleve', 'acc-persos-eleve', 'competences-numeriques',
  'vie-scolaire', 'socle', 'liste-parcours', 'modalites-accompagnement', 'enseignement-complement', 'langue-culture-regionale',
  'responsables',
]);

/** The bilan's elements the page does not lay out: content of a newer LSU version, kept as imported. */
export function otherContentOf(content: ContentNode): ContentNode[] {
  return content.children.filter((c) => !LAID_OUT.has(c.name));
}

/** One element in a plain labelled form: its name, then its attributes (name: value), its text and its children, nested. */
function PlainNode({ node }: { node: ContentNode }) {
  const { t } = useTranslation();
  const colon = t('common.colon');
  const attributes = Object.entries(node.attributes);
  const text = node.text?.trim();
  return (
    <Box component="li" data-element={node.name}>
      <Text size="sm" span fw={600}>{node.name}</Text>
      {text && <Text size="sm" span>{colon}{text}</Text>}
      {(attributes.length > 0 || node.children.length > 0) && (
        <Box component="ul" m={0} pl="md">
          {attributes.map(([name, value]) => (
            <Box component="li" key={`@${name}`}><Text size="sm" span c="dimmed">{name}</Text><Text size="sm" span>{colon}{value}</Text></Box>
          ))}
          {node.children.map((c, k) => <PlainNode key={k} node={c} />)}
        </Box>
      )}
    </Box>
  );
}

/**
 * Content of the bilan the page does not know how to lay out (e.g. annual averages of a version newer
 * than the console's): shown as imported, element name → value, rather than left out.
 */
export function OtherContent({ content }: { content: ContentNode }) {
  const { t } = useTranslation();
  const others = otherContentOf(content);
  if (others.length === 0) return null;
  return (
    <Section title={t('pupil.otherContent')}>
      <Stack gap={4} data-other-content>
        <Text size="xs" c="dimmed">{t('pupil.otherContentHint')}</Text>
        <Box component="ul" m={0} pl="md">
          {others.map((node, k) => <PlainNode key={k} node={node} />)}
        </Box>
      </Stack>
    </Section>
  );
}
