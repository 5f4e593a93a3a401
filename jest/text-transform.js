// Jest transform: Python resources are imported as text, as webpack and esbuild do.
module.exports = {
  process(source) {
    return { code: `module.exports = ${JSON.stringify(source)};` };
  }
};
