"""Entry point of Lambdaform's Python runtime (python3.9 and later)."""

import sys

# Python put this directory first on sys.path; on AWS the task root comes
# first, so drop it (PYTHONPATH lists it after the task root).
del sys.path[0]

import lambdaform_runtime  # noqa: E402

lambdaform_runtime.main()
