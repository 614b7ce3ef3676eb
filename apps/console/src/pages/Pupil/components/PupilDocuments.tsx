import { DocumentsPanel } from '../../../components/documents/DocumentsPanel.tsx';
import { LettersPanel } from '../../../components/documents/LettersPanel.tsx';

/** On the pupil page: the documents attached to the pupil, then the letters to their family (each shown as the capabilities allow). */
export function PupilDocuments({ pupilId, name }: { pupilId: string; name: string }) {
  return (
    <>
      <DocumentsPanel owner={{ pupilId }} ownerName={name} />
      <LettersPanel pupilId={pupilId} pupilName={name} />
    </>
  );
}
