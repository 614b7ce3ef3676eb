import { ApiError, readCookie, toApiError } from './client.ts';

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * Posts one file as multipart form data with the session cookie and the CSRF header, reporting
 * upload progress. Written on XMLHttpRequest because fetch cannot report the progress of a request
 * body (a large LSU file takes a while to send); errors become `ApiError` as with `apiRequest`.
 */
export function uploadFile<T>(path: string, field: string, file: File, onProgress: (progress: UploadProgress) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    const csrf = readCookie('preau-csrf');
    if (csrf !== undefined) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.upload.onprogress = (event) => onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : file.size });
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The server could not be reached.'));
    xhr.onload = () => {
      const payload = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) resolve(payload as T);
      else reject(toApiError(xhr.status, payload));
    };
    const body = new FormData();
    body.append(field, file, file.name);
    xhr.send(body);
  });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
