"""The classroom on JupyterHub: the class dashboard service, its hub config, a local spawner."""
