// Lets the project typecheck before `node scripts/bundle-exercises.js` wrote
// the bundle; once the file exists, TypeScript reads the file itself.
declare module '*/bundled-pack.generated.json' {
  const bundle: unknown;
  export default bundle;
}
