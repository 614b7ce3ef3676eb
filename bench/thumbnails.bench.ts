/**
 * `npm run bench:thumbnails`: thumbnails of `BENCH_PHOTOS` (default 1,000) portrait photos, 1200 × 1600
 * JPEGs made in memory by sharp, through the pupil-photos module's own `makeThumbnail` (the function
 * every upload calls). Prints photos per second on one core (libvips held to one thread, photos one
 * after another) against the goal of 100 per second per core, then on every core of the machine
 * (as many photos at once as cores, libvips' default threads) as a second figure.
 *
 * Photos differ from one another (hue and brightness of a blurred noise picture, a pale face-like
 * disc), so no cache answers twice; sharp's operation cache is off.
 */
import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import { makeThumbnail } from '../apps/server/src/modules/pupil-photos/photo-images.ts';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 1000);
const WIDTH = 1200;
const HEIGHT = 1600;
const GOAL_PER_CORE = 100;

/** `count` distinct portrait JPEGs (quality 85, the size of a real school photo), made once before timing. */
async function makePhotos(count: number): Promise<Buffer[]> {
  const noise = await sharp({ create: { width: WIDTH / 4, height: HEIGHT / 4, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .resize(WIDTH, HEIGHT)
    .blur(2)
    .raw()
    .toBuffer();
  const face = Buffer.from(`<svg width="${WIDTH}" height="${HEIGHT}"><ellipse cx="600" cy="700" rx="330" ry="430" fill="#f1c7a8" fill-opacity="0.85"/></svg>`);
  const photos: Buffer[] = [];
  const make = (i: number) =>
    sharp(noise, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
      .modulate({ hue: (i * 37) % 360, brightness: 0.8 + (i % 5) / 10 })
      .composite([{ input: face }])
      .jpeg({ quality: 85 })
      .toBuffer();
  for (let i = 0; i < count; i += availableParallelism()) {
    photos.push(...(await Promise.all(Array.from({ length: Math.min(availableParallelism(), count - i) }, (_, k) => make(i + k)))));
  }
  return photos;
}

/** Seconds to make every thumbnail, `parallel` photos at a time. */
async function time(photos: Buffer[], parallel: number): Promise<{ seconds: number; bytes: number }> {
  let next = 0;
  let bytes = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < photos.length) {
      const photo = photos[next++];
      if (photo) bytes += (await makeThumbnail(photo)).length;
    }
  }));
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, bytes };
}

async function main(): Promise<void> {
  sharp.cache(false);
  const cores = availableParallelism();
  process.stdout.write(`Making ${PHOTOS} photos of ${WIDTH} × ${HEIGHT} px in memory…\n`);
  const photos = await makePhotos(PHOTOS);
  const average = photos.reduce((sum, p) => sum + p.length, 0) / photos.length;
  process.stdout.write(`${PHOTOS} JPEGs, ${(average / 1024).toFixed(0)} KiB each on average (sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips})\n`);

  await time(photos.slice(0, Math.min(5, photos.length)), 1); // warm-up: libvips' first calls load its codecs
  const threads = sharp.concurrency();
  sharp.concurrency(1);
  const one = await time(photos, 1);
  sharp.concurrency(threads);
  const perCore = PHOTOS / one.seconds;
  process.stdout.write(`one core: ${PHOTOS} thumbnails in ${one.seconds.toFixed(2)} s: ${perCore.toFixed(1)} photos/s per core, ${(one.bytes / PHOTOS / 1024).toFixed(1)} KiB each; goal ≥ ${GOAL_PER_CORE}/s: ratio ${(perCore / GOAL_PER_CORE).toFixed(2)} (${perCore >= GOAL_PER_CORE ? 'met' : 'missed'})\n`);

  const all = await time(photos, cores);
  process.stdout.write(`${cores} cores: ${(PHOTOS / all.seconds).toFixed(1)} photos/s (${(PHOTOS / all.seconds / cores).toFixed(1)} per core)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
