import { isMessageCode, renderMessage, type BilanMessage, type FileIssue } from '@preau/contracts';
import { renderMessage as renderLsuMessage } from '@preau/lsu/messages';

const localeOf = (language: string) => (language === 'en' ? 'en' : 'fr');

/** A file-level issue in the console's language: Préau's own codes from the catalogue, the LSU engine's from its messages. */
export function fileIssueText(issue: FileIssue, language: string): string {
  return isMessageCode(issue.code) ? renderMessage(issue, localeOf(language)) : renderLsuMessage(issue.code, issue.params, localeOf(language));
}

/** A bilan rule's message in the console's language. */
export function bilanMessageText(message: BilanMessage, language: string): string {
  return renderMessage(message, localeOf(language));
}
