"""Builds the optional C part of the scam model (everything else is in pyproject.toml).

``optional=True``: without a C compiler the package installs anyway and the model computes the
same features in Python, more slowly (hangup.model.classifier).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension("hangup.model._hashing", ["src/hangup/model/_hashing.c"], optional=True),
    ],
)
