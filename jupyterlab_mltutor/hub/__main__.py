"""`python -m jupyterlab_mltutor.hub`: run the class dashboard as a hub-managed service."""
from .service import main

main()
