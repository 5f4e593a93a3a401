"""`python -m jupyterlab_mltutor.hub`: run the class dashboard as a hub-managed service.

`python -m jupyterlab_mltutor.hub import-gradebook GRADEBOOK.json [--db URL]` stores the
verified results of `mltutor grade` for the dashboard (default database: the service's).
"""
import os
import sys


def _import(argv):
    from .gradebook import import_gradebook
    from .store import ClassStore

    db = os.environ.get("MLTUTOR_CLASS_DB_URL")
    if "--db" in argv:
        i = argv.index("--db")
        db = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    if not db:
        data = os.environ.get("MLTUTOR_CLASS_DATA") or os.path.join(os.getcwd(), "mltutor-class")
        db = "sqlite:///" + os.path.join(data, "class.sqlite")
    store = ClassStore(db)
    for path in argv:
        print(f"{path}: {import_gradebook(store, path)} verified result(s) stored")
    return 0


if len(sys.argv) > 1 and sys.argv[1] == "import-gradebook":
    sys.exit(_import(sys.argv[2:]))
else:
    from .service import main

    main()
