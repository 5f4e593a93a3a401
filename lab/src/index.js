// The development JupyterLab application, imported by the bootstrap once the
// prebuilt extensions listed in the page config (`federated_extensions`,
// computed by jupyterlab_server from the labextensions folders) are loaded.
import { JupyterLab } from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';
import '@mltutor/lab-build/style.js';
import { extensions, mimeExtensions } from '@mltutor/lab-build/plugins.js';
import plotlyExtension from './plotly';

// Plugins this app leaves out: those needing a language server (jupyter-lsp is not
// served here) and the news announcements, which would reach out to the internet.
const EXCLUDED_PLUGINS = new Set([
  '@jupyterlab/fileeditor-extension:language-server',
  '@jupyterlab/notebook-extension:language-server',
  '@jupyterlab/apputils-extension:announcements'
]);

async function getFederatedModule(scope, module) {
  const factory = await window._JUPYTERLAB[scope].get(module);
  return factory();
}

/** The enabled plugins a module exports (a plugin, an array, or a default export of either). */
function pluginsOf(mod) {
  let exported = mod && mod.__esModule !== undefined ? mod.default : mod;
  if (exported === undefined) {
    exported = mod;
  }
  const list = Array.isArray(exported) ? exported : [exported];
  return list.filter(
    plugin =>
      !EXCLUDED_PLUGINS.has(plugin.id) &&
      !PageConfig.Extension.isDisabled(plugin.id)
  );
}

/**
 * Starts the application with the compiled-in core plugins and the plugins of
 * the prebuilt extensions whose remote entries the bootstrap loaded.
 */
export async function main(available) {
  const plugins = [];
  const mimePlugins = [plotlyExtension];
  for (const [name, load] of extensions) {
    if (!PageConfig.Extension.isDisabled(name)) {
      plugins.push(...pluginsOf(await load()));
    }
  }
  for (const [name, load] of mimeExtensions) {
    if (!PageConfig.Extension.isDisabled(name)) {
      mimePlugins.push(...pluginsOf(await load()));
    }
  }
  for (const ext of available) {
    try {
      if (ext.extension) {
        plugins.push(
          ...pluginsOf(await getFederatedModule(ext.name, ext.extension))
        );
      }
      if (ext.mimeExtension) {
        mimePlugins.push(
          ...pluginsOf(await getFederatedModule(ext.name, ext.mimeExtension))
        );
      }
      if (ext.style && !PageConfig.Extension.isDisabled(ext.name)) {
        await getFederatedModule(ext.name, ext.style);
      }
    } catch (reason) {
      console.error(`Extension ${ext.name} failed to start`, reason);
    }
  }

  const lab = new JupyterLab({ mimeExtensions: mimePlugins });
  lab.registerPlugins(plugins);
  // Tests and benchmarks reach the application as in JupyterLab's dev mode.
  window.jupyterapp = lab;
  await lab.start({ bubblingKeydown: true });
  await lab.restored;
}
