import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconPlayerPause, IconPlayerPlay, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { DetailedError, Upload } from 'tus-js-client';
import { ApiError } from '../../api/client.ts';
import { formatBytes } from '../imports/format.ts';

/** What a finished upload is for (the server checks its size limit and who may claim it). */
export type UploadPurpose = 'lsu-import' | 'document' | 'hosting-annex' | 'hosting-base';

export type ResumableStatus = 'idle' | 'uploading' | 'paused' | 'retrying' | 'done' | 'error';

export interface ResumableState {
  status: ResumableStatus;
  loaded: number;
  total: number;
  /** Bytes per second over the last seconds; undefined until measured. */
  bytesPerSecond: number | undefined;
  error: unknown;
}

/** Chunks sent as one PATCH each: a cut connection loses at most one. */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Waits before each new try after a failure (network cut, server restart): about two minutes in all. */
const RETRY_DELAYS_MS = [0, 1000, 2000, 3000, 5000, 5000, 10_000, 10_000, 20_000, 30_000, 30_000];
/** The speed is measured over this window. */
const SPEED_WINDOW_MS = 5000;

const IDLE: ResumableState = { status: 'idle', loaded: 0, total: 0, bytesPerSecond: undefined, error: null };

function readCookie(name: string): string | undefined {
  const entry = document.cookie.split('; ').find((c) => c.startsWith(`${name}=`));
  return entry === undefined ? undefined : decodeURIComponent(entry.slice(name.length + 1));
}

/** An error of tus-js-client as the console's ApiError (the server answers in the one error shape). */
function asApiError(error: unknown): unknown {
  if (!(error instanceof DetailedError)) return error;
  const response = error.originalResponse;
  if (!response) return new ApiError(0, 'network_error', error.message);
  try {
    const body = JSON.parse(response.getBody()) as { error?: { code: string; message: string; params?: Record<string, string | number> } };
    if (body.error) return new ApiError(response.getStatus(), body.error.code, body.error.message, { params: body.error.params ?? {} });
  } catch {
    // Not Préau's answer: a proxy's page, an empty body.
  }
  return new ApiError(response.getStatus(), 'unexpected', error.message);
}

/**
 * A resumable upload (tus) of one file to a base (or, `baseId` null, from the hosting console): sent in chunks, retried after failures, resumed
 * where the server stopped after a dropped connection or a page reload (the file is recognised by
 * its fingerprint: name, type, size, date). `start` resolves with the upload's id once every byte
 * is stored, for the route that uses it (e.g. an LSU import from the upload).
 */
export function useResumableUpload(baseId: string | null, purpose: UploadPurpose) {
  const [state, setState] = useState<ResumableState>(IDLE);
  const upload = useRef<Upload | null>(null);
  const samples = useRef<{ at: number; loaded: number }[]>([]);

  useEffect(() => () => void upload.current?.abort(), []);

  const start = useCallback(
    (file: File) =>
      new Promise<string>((resolve, reject) => {
        samples.current = [];
        setState({ ...IDLE, status: 'uploading', total: file.size });
        const current = new Upload(file, {
          endpoint: baseId === null ? '/api/hosting/uploads' : `/api/bases/${encodeURIComponent(baseId)}/uploads`,
          chunkSize: CHUNK_BYTES,
          retryDelays: RETRY_DELAYS_MS,
          metadata: { purpose, filename: file.name, filetype: file.type || 'application/octet-stream' },
          removeFingerprintOnSuccess: true,
          // The session cookie goes with every request; writes repeat the CSRF cookie, as the API client does.
          onBeforeRequest: (request) => {
            const token = readCookie('preau-csrf');
            if (token !== undefined) request.setHeader('x-csrf-token', token);
          },
          onShouldRetry: (error, _attempt, options) => {
            const status = error.originalResponse?.getStatus() ?? 0;
            const retry = status === 0 || status >= 500 || status === 409 || status === 423;
            if (retry) setState((s) => ({ ...s, status: 'retrying' }));
            return retry && options.retryDelays !== null;
          },
          onProgress: (loaded, total) => {
            const now = performance.now();
            const window = [...samples.current.filter((s) => now - s.at <= SPEED_WINDOW_MS), { at: now, loaded }];
            samples.current = window;
            const first = window[0]!;
            const seconds = (now - first.at) / 1000;
            const bytesPerSecond = seconds >= 0.5 ? (loaded - first.loaded) / seconds : undefined;
            setState((s) => ({ ...s, status: s.status === 'paused' ? 'paused' : 'uploading', loaded, total, bytesPerSecond }));
          },
          onSuccess: () => {
            setState((s) => ({ ...s, status: 'done', loaded: file.size }));
            resolve(current.url?.split('/').pop() ?? '');
          },
          onError: (error) => {
            const failure = asApiError(error);
            setState((s) => ({ ...s, status: 'error', error: failure }));
            reject(failure);
          },
        });
        upload.current = current;
        void current.findPreviousUploads().then((previous) => {
          const latest = previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
          if (latest) current.resumeFromPreviousUpload(latest);
          current.start();
        });
      }),
    [baseId, purpose],
  );

  const pause = useCallback(() => {
    void upload.current?.abort();
    samples.current = [];
    setState((s) => ({ ...s, status: 'paused', bytesPerSecond: undefined }));
  }, []);

  const resume = useCallback(() => {
    setState((s) => ({ ...s, status: 'uploading' }));
    upload.current?.start();
  }, []);

  /** Stops and removes what the server kept. */
  const cancel = useCallback(() => {
    const current = upload.current;
    upload.current = null;
    setState(IDLE);
    void current?.abort(true).catch(() => undefined);
  }, []);

  /** Forgets a finished or failed upload (what the server kept stays: a claimed upload is not the sender's any more). */
  const reset = useCallback(() => {
    upload.current = null;
    setState(IDLE);
  }, []);

  return { state, start, pause, resume, cancel, reset };
}

/** The progress of a resumable upload: bar with percentage, speed, time left, and pause/resume/cancel. */
export function ResumableUploadProgress({ state, onPause, onResume, onCancel }: { state: ResumableState; onPause: () => void; onResume: () => void; onCancel: () => void }) {
  const { t, i18n } = useTranslation();
  if (state.status === 'idle') return null;
  const percent = state.total > 0 ? Math.floor((state.loaded / state.total) * 100) : 0;
  const speed = state.bytesPerSecond;
  const secondsLeft = speed !== undefined && speed > 0 ? Math.ceil((state.total - state.loaded) / speed) : undefined;
  const number = (value: number, digits = 1) => new Intl.NumberFormat(i18n.language, { maximumFractionDigits: digits }).format(value);
  const active = state.status === 'uploading' || state.status === 'retrying';
  return (
    <Stack gap={4} data-testid="resumable-upload">
      <Progress value={percent} aria-label={t('uploads.progressLabel')} animated={active} />
      <Group justify="space-between" gap="xs">
        <Text size="sm" aria-live="polite">
          {t(`uploads.status.${state.status}`)} · {t('uploads.percent', { percent })} · {formatBytes(state.loaded, i18n.language)} / {formatBytes(state.total, i18n.language)}
          {active && speed !== undefined && ` · ${t('uploads.speed', { speed: number(speed / 1e6) })}`}
          {active && secondsLeft !== undefined && ` · ${t('uploads.timeLeft', { time: formatDuration(secondsLeft, number) })}`}
        </Text>
        {state.status !== 'done' && (
          <Group gap="xs">
            {state.status === 'paused' ? (
              <Button size="xs" variant="light" leftSection={<IconPlayerPlay size={14} aria-hidden />} onClick={onResume}>{t('uploads.resume')}</Button>
            ) : (
              <Button size="xs" variant="light" leftSection={<IconPlayerPause size={14} aria-hidden />} onClick={onPause} disabled={!active}>{t('uploads.pause')}</Button>
            )}
            <Button size="xs" variant="subtle" color="red" leftSection={<IconX size={14} aria-hidden />} onClick={onCancel}>{t('uploads.cancel')}</Button>
          </Group>
        )}
      </Group>
    </Stack>
  );
}

function formatDuration(seconds: number, number: (value: number, digits?: number) => string): string {
  if (seconds < 60) return `${number(seconds, 0)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${number(minutes, 0)} min ${number(seconds % 60, 0)} s`;
  return `${number(Math.floor(minutes / 60), 0)} h ${number(minutes % 60, 0)} min`;
}
