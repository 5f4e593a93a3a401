// Extra webpack rules for `build-labextension`: the kernel harness (Python)
// and the authoring guide (Markdown) are imported as text.
module.exports = {
  module: {
    rules: [{ test: /\.(py|md)$/, type: 'asset/source' }]
  }
};
