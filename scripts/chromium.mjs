// Where Chromium is and how nnscope launches it, for tests, benchmarks and
// screenshots. Debian's package only: no browser downloads (offline machines).
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags with which tfjs's webgpu, webgl and cpu backends all run headless on a software GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];
