import type { PupilPhoto } from '@preau/contracts';
import { pupilPhotoPaths } from '../../api/pupil-photos.ts';

/** A pupil's photo thumbnail, loaded only when scrolled near (lazy), or an empty box of the same size (square unless `height` says). */
export function PupilThumbnail({ baseId, photo, size = 40, height = size, alt }: { baseId: string; photo: PupilPhoto | undefined; size?: number; height?: number; alt: string }) {
  if (!photo) return <span aria-hidden style={{ display: 'inline-block', width: size, height, borderRadius: 4, background: 'var(--mantine-color-gray-1)' }} />;
  return (
    <img src={pupilPhotoPaths.thumbnail(baseId, photo)} alt={alt} loading="lazy" decoding="async" width={size} height={height}
      style={{ objectFit: 'cover', borderRadius: 4, display: 'block' }} />
  );
}
