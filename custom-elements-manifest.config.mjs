// Custom Elements Manifest, generated from the elements' JSDoc
// (@summary, @fires, @cssproperty, @csspart, @slot).
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts'],
  outdir: '.',
  litelement: true,
  packagejson: true,
  plugins: [
    {
      // The analyzer also records each `dispatchEvent(new NnSelectEvent(x))`,
      // named after the argument (or not at all); the @fires tags already
      // document every event, so only those are kept.
      name: 'nnscope-drop-unnamed-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name && event.description !== undefined);
          }
        }
      },
    },
  ],
};
