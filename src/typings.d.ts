// Python resources (the kernel harness) are imported as text by webpack, esbuild and jest.
declare module '*.py' {
  const source: string;
  export default source;
}

declare module '*.svg' {
  const svg: string;
  export default svg;
}
