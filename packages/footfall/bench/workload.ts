import type { Detection, FrameEvent } from '../src/index';

/**
 * A synthetic door camera: `tracks` people in view at once, each walking down across a
 * horizontal line at y = 100 from y = 20 to y = 180 (160 frames), then replaced by a new person
 * (new track id), so tracks keep coming and going. Positions get a little jitter.
 */
export function makeFrames(options: { tracks: number; frames: number; firstFrame?: number }): FrameEvent[] {
  const out: FrameEvent[] = [];
  const first = options.firstFrame ?? 0;
  for (let f = first; f < first + options.frames; f++) {
    const detections: Detection[] = new Array(options.tracks);
    for (let i = 0; i < options.tracks; i++) {
      const t = f + ((i * 37) % 160);
      const pass = Math.floor(t / 160);
      const y = 20 + (t % 160) + ((i + f) % 3) - 1;
      detections[i] = { trackId: i * 100_000 + pass, box: { x: 10 + (i % 170), y: y - 40, w: 20, h: 40 }, cls: 'person' };
    }
    out.push({ type: 'frame', source: 'door-n', frame: f + 1, at: Date.UTC(2026, 10, 21, 2) + f * 40, detections });
  }
  return out;
}
