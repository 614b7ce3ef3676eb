/** Rows → contract shapes for the import routes. */
import type { BilanMessage, ImportedBilan, ImportSummary, PupilBilan } from '@preau/contracts';
import { labelsOfBilan, readBilanXml, type LsuLabels, type LsuNode } from '@preau/lsu';
import type { ImportBilanRow, ImportRow, ImportSummaryRow } from './lsu-imports.repository.ts';

/** A history row (also the head of the synthesis). */
export function toImportSummary(row: ImportSummaryRow): ImportSummary {
  return {
    id: row.id,
    baseId: row.base_id,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    fileName: row.file_name,
    fileSize: Number(row.file_size),
    mode: row.mode,
    editor: row.editor,
    application: row.application,
    sourceKind: row.source_kind,
    submittedBy: row.submitted_by,
    state: row.state,
    classes: row.classes,
    periodic: { success: row.periodic_success, alert: row.periodic_alert, rejected: row.periodic_rejected },
    cycle: { success: row.cycle_success, alert: row.cycle_alert, rejected: row.cycle_rejected },
    progress: { bytesRead: Number(row.bytes_read), bilans: row.bilans_processed },
    unchanged: row.unchanged,
    schemaVersion: row.schema_version,
  };
}

function periodOf(row: Pick<ImportBilanRow, 'period_index' | 'period_count'>): string | null {
  return row.period_index === null || row.period_count === null ? null : `${row.period_index}/${row.period_count}`;
}

/** True when a message names subjects (stored as the file's discipline IDs, shown by their labels). */
export function namesSubjects(message: BilanMessage): boolean {
  return typeof message.params.subjects === 'string';
}

/**
 * The messages with the subjects they name read by the labels the file declared for them
 * (`DI_020700S, DI_030201S` → `Français, Anglais LV1`); an ID without a label keeps its code.
 */
function withSubjectLabels(messages: BilanMessage[], labels: Partial<LsuLabels> | undefined): BilanMessage[] {
  messages = messages.map(withCount);
  const disciplines = labels?.disciplines;
  if (!disciplines || !messages.some(namesSubjects)) return messages;
  return messages.map((message) => {
    if (!namesSubjects(message)) return message;
    const subjects = String(message.params.subjects).split(', ').map((ref) => (Object.hasOwn(disciplines, ref) ? disciplines[ref]?.label || ref : ref));
    return { ...message, params: { ...message.params, subjects: subjects.join(', ') } };
  });
}

/** A message stored before its plural took `count` (`content.missing_domains` named it `filled`). */
function withCount(message: BilanMessage): BilanMessage {
  const { filled, count } = message.params;
  return filled === undefined || count !== undefined ? message : { ...message, params: { ...message.params, count: filled } };
}

/** One bilan's outcome in an import (`labels`: the import's, to name the subjects its messages cite). */
export function toImportedBilan(row: ImportBilanRow, labels?: Partial<LsuLabels>): ImportedBilan {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    pupil: { nationalId: row.pupil_national_id, lastName: row.pupil_last_name, firstName: row.pupil_first_name, pupilId: row.pupil_id },
    classCode: row.class_code,
    period: periodOf(row),
    cycle: row.cycle,
    messages: withSubjectLabels(row.messages, labels),
  };
}

/** A tree that refers to nothing (a bilan without content has no labels). */
const NO_CONTENT: LsuNode = { name: '', attributes: {}, children: [] };

type PupilBilanRow = ImportBilanRow & {
  content: string | null;
  import_created_at: Date;
  import_file_name: string;
  import_mode: ImportRow['mode'];
  import_editor: string | null;
};

/**
 * A stored bilan of a pupil with its content, its import, and the labels its file declared for the
 * IDs the bilan refers to (only those: an import's labels name a whole school's).
 */
export function toPupilBilan(row: PupilBilanRow, importLabels: Partial<LsuLabels>): PupilBilan {
  // Stored as the file wrote it; read back into a tree for the page (a pupil has a few bilans).
  const content = row.content === null ? null : readBilanXml(row.content);
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    period: periodOf(row),
    periodIndex: row.period_index,
    periodCount: row.period_count,
    cycle: row.cycle,
    classCode: row.class_code,
    messages: withSubjectLabels(row.messages, importLabels),
    content,
    labels: labelsOfBilan(importLabels, content ?? NO_CONTENT),
    import: {
      id: row.import_id,
      createdAt: row.import_created_at.toISOString(),
      fileName: row.import_file_name,
      mode: row.import_mode,
      editor: row.import_editor,
    },
  };
}
