// Python resources (the kernel harness) are imported as text by webpack, esbuild and jest.
declare module '*.py' {
  const source: string;
  export default source;
}

declare module '*.svg' {
  const svg: string;
  export default svg;
}

// Documentation shipped inside the extension (the authoring guide), imported as text.
declare module '*.md' {
  const markdown: string;
  export default markdown;
}
