// Extra webpack rules for `build-labextension`: the kernel harness is a Python
// resource imported as text.
module.exports = {
  module: {
    rules: [{ test: /\.py$/, type: 'asset/source' }]
  }
};
