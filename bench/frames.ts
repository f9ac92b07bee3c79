/**
 * Waiting for frames, for cases that time what reaches the screen rather
 * than what JavaScript returns.
 *
 * @example
 * ```ts
 * const ms = await timeFirstPaint(() => svgRectHeatmap(stage(), cells, options), (view) => view.svg.remove());
 * ```
 */

/** Resolves in the next frame's animation-frame callbacks. */
export function nextFrame(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(resolve));
}

/** Resolves in the `count`th frame from now. */
export async function afterFrames(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await nextFrame();
}

/** A frame interval up to this long (1.5 frames at 60 Hz) means nothing held the frame back. */
const ON_TIME_MS = 25;

/**
 * Resolves once `count` frame intervals in a row have been on time, to the
 * `performance.now()` at which the first of them began: from then on the
 * page's frame pipeline was idle, so everything drawn before the call had
 * been rasterised and shown.
 *
 * Two animation frames do not wait for raster on a software GPU: the main
 * thread moves on while the GPU process still rasterises, and later frames
 * stall instead (Vega's 16,384 `fillRect`s hold them for about a second).
 * Cases wait for this after their timed part, untimed, so that no run pays
 * for the raster of the run before it.
 */
export async function idleFrames(count = 3): Promise<number> {
  let previous = await frameStart();
  let streakStart = previous;
  let streak = 0;
  for (let frames = 0; frames < 3600; frames++) {
    const now = await frameStart();
    if (now - previous > ON_TIME_MS) streak = 0;
    else if (streak++ === 0) streakStart = previous;
    if (streak >= count) return streakStart;
    previous = now;
  }
  throw new Error('idleFrames: the frames did not come on time within 3,600 frames.');
}

function frameStart(): Promise<number> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
}

/**
 * Times one view onto the screen the way issue 3 defines first paint: from
 * calling `show` (which hands the data over and resolves when the view says
 * it is drawn) to two animation frames after; with `untilPresented`, to when
 * its raster is done too (the frames come on time again). Then, untimed, it waits for
 * the raster to finish (its length after the two frames goes to
 * `rasterTails`), removes the view and waits for that to be shown too.
 * For a case with `timesItself: true`.
 *
 * @example
 * ```ts
 * run: () => timeFirstPaint(() => showAttention(input, 'matrix'), unstage, tails),
 * ```
 */
export async function timeFirstPaint<View>(
  show: () => View | Promise<View>,
  remove: (view: View) => void,
  rasterTails?: number[],
  untilPresented = false,
): Promise<number> {
  const start = performance.now();
  const view = await show();
  await afterFrames(2);
  const end = performance.now();
  const idle = await idleFrames();
  rasterTails?.push(Math.max(0, idle - end));
  remove(view);
  await idleFrames();
  // `presented`: until the frames come on time again, i.e. the raster of
  // what was drawn is done and on screen, whichever side is slower to raster.
  return (untilPresented ? Math.max(end, idle) : end) - start;
}

/**
 * Milliseconds from `act` (started at the beginning of a frame, where
 * Chromium dispatches pointer events) until that frame has been rendered:
 * `act` and the microtasks it awaits run inside the frame's animation-frame
 * callbacks, then the frame's style, layout and paint; a message posted from
 * the frame is delivered only after all of that. Work longer than a frame is
 * counted whole. The wait for the frame to begin is not counted.
 */
export function frameLatency(act: () => unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    requestAnimationFrame(() => {
      const start = performance.now();
      Promise.resolve()
        .then(act)
        .then(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            channel.port1.close();
            resolve(performance.now() - start);
          };
          channel.port2.postMessage(undefined);
        }, reject);
    });
  });
}
