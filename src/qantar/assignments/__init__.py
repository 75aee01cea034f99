"""A teacher's own assignments, and assessed builds of the kit's sets.

    qantar assign teacher.ipynb [--out DIR]      the student notebook and the private key file
    qantar assign --kit-set NAME [--out DIR]     a kit set's notebook without its keys (assessed)
    qantar grade DIR --key NAME.key.json         grade against the key
    qantar release NOTEBOOK [--key KEY]          the notebook again, with its solutions released

The modules, in the order they are used: teacher.py reads the teacher's marking (tags and ``key: value``
lines), build.py runs the teacher's notebook for its answers and writes the student notebook, key.py
writes and reads the key (and says what of a question a student may see), kit.py builds the kit's own
sets without their keys and releases solutions.
"""
from .build import Built, assign  # noqa: F401
from .key import Key, KeyProblem, load_key, public_spec  # noqa: F401
from .kit import MATERIALS, assessed_kit_set, release  # noqa: F401
from .teacher import AssignError  # noqa: F401
