// Entry point: an async boundary before any shared module is used.
//
// As in JupyterLab, the remote entries of prebuilt extensions are loaded and
// their containers initialised with the share scope first, so that every
// singleton (the application, services, widgets...) is resolved once, then
// the application module is imported.
function pageOption(name) {
  const el = document.getElementById('jupyter-config-data');
  const config = el ? JSON.parse(el.textContent || '{}') : {};
  return config[name];
}

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.onerror = () => reject(new Error(`Failed to load ${url}`));
    script.onload = resolve;
    script.async = true;
    script.src = url;
    document.head.appendChild(script);
  });
}

async function loadRemoteEntry(ext, labextensionsUrl) {
  await loadScript(
    `${labextensionsUrl.replace(/\/$/, '')}/${ext.name}/${ext.load}`
  );
  const container = window._JUPYTERLAB[ext.name];
  // eslint-disable-next-line no-undef
  await container.init(__webpack_share_scopes__.default);
  return ext;
}

async function bootstrap() {
  // eslint-disable-next-line no-undef
  await __webpack_init_sharing__('default');
  const federated = pageOption('federated_extensions') || [];
  const labextensionsUrl = pageOption('fullLabextensionsUrl') || '';
  const results = await Promise.allSettled(
    federated.map(ext => loadRemoteEntry(ext, labextensionsUrl))
  );
  const loaded = [];
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') {
      loaded.push(result.value);
    } else {
      console.error(
        `Extension ${federated[index].name} failed to load`,
        result.reason
      );
    }
  });
  const { main } = await import('./index');
  await main(loaded);
}

window.addEventListener('load', bootstrap);
