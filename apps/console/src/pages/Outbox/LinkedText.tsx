import { Anchor, Text } from '@mantine/core';

// Plain-text mail bodies only need http(s) links made clickable; a linkify library would be more
// than this page needs.
const URL_PATTERN = /(https?:\/\/[^\s<>"')]+)/g;

/** Mail text with its line breaks kept and every http(s) address turned into a link. */
export function LinkedText({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN);
  return (
    <Text component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {parts.map((part, index) =>
        index % 2 === 1 ? <Anchor key={index} href={part}>{part}</Anchor> : <span key={index}>{part}</span>,
      )}
    </Text>
  );
}
