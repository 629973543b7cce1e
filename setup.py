# scrapyd-deploy builds the project's egg with `python setup.py bdist_egg` (and writes a setup.py
# of its own when there is none). Everything is declared in pyproject.toml, including the
# `scrapy` entry point Scrapyd reads the settings module from.
from setuptools import setup

setup()
