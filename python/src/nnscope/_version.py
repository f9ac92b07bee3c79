"""The package version: the npm package's, set in ../package.json at build time."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("nnscope")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
