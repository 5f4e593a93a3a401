// MIME renderer for Plotly figures (application/vnd.plotly.v1+json), as the
// `plotly` Python package's JupyterLab extension provides in a real install.
import { Widget } from '@lumino/widgets';

const MIME_TYPE = 'application/vnd.plotly.v1+json';

class PlotlyRenderer extends Widget {
  constructor() {
    super();
    this.addClass('jp-RenderedPlotly');
  }

  async renderModel(model) {
    const { default: Plotly } = await import('plotly.js-dist-min');
    this._plotly = Plotly;
    const figure = model.data[MIME_TYPE] || {};
    const layout = { autosize: true, ...(figure.layout || {}) };
    await Plotly.react(this.node, figure.data || [], layout, {
      responsive: true,
      ...(figure.config || {})
    });
  }

  onAfterShow() {
    this._resize();
  }

  onResize() {
    this._resize();
  }

  _resize() {
    if (this._plotly && this.node.querySelector('.plot-container')) {
      this._plotly.Plots.resize(this.node);
    }
  }
}

export default {
  id: '@mltutor/lab:plotly',
  description: 'Renders Plotly figures.',
  rendererFactory: {
    safe: true,
    mimeTypes: [MIME_TYPE],
    createRenderer: () => new PlotlyRenderer()
  },
  rank: 0,
  dataType: 'json'
};
