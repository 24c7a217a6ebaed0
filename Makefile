# Field Visit: the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test bench lint typecheck screenshots dist dist-test clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

## run: create .venv, install the app, open it on the demo workspace (built once in the data
## folder and kept between runs; File › Reset demo… starts it afresh, with a backup)
run: $(VENV)/.installed
	QT_QPA_PLATFORM= $(PY) -m fieldvisit --demo

## test: create .venv if needed, install with test extras, run every test headless (CI adds lint and typecheck);
## the team-workspace tests start a private PostgreSQL server when one is installed, else skip
## (the summary's one SKIPPED line says why)
test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

## bench: time the large workspace against raw SQLite (writes figures to benchmarks/results/)
bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m benchmarks

lint: $(VENV)/.installed-test
	$(PY) -m ruff check fieldvisit tests benchmarks packaging
	$(PY) -m ruff format --check fieldvisit tests benchmarks packaging

typecheck: $(VENV)/.installed-test
	$(PY) -m mypy fieldvisit

## screenshots: regenerate the README's screenshots from the small demo (names: docs/screenshots.md)
README_SHOTS = week.png deal-detail.png visits.png coverage.png debriefs.png impact.png \
	settings-stall-rules.png map.png account.png dialog-plan-visit.png dialog-why.png
screenshots: $(VENV)/.installed
	rm -rf build/screenshots && mkdir -p build/screenshots
	$(PY) -m fieldvisit --db build/screenshots/demo.fieldvisit demo --size small --as-of 2026-06-15
	QT_QPA_PLATFORM=offscreen $(PY) -m fieldvisit --db build/screenshots/demo.fieldvisit --screenshots build/screenshots/all --size 1280x800
	cd build/screenshots/all && cp $(README_SHOTS) ../../../docs/screenshots/

## dist: build the bundle dist/fieldvisit/ and dist/fieldvisit-VERSION-linux-x86_64.tar.gz with
## PyInstaller, from a venv of its own (build/dist-venv; DIST_FLAGS=--fresh recreates it)
dist:
	$(PYTHON) packaging/build.py $(DIST_FLAGS)

## dist-test: run the bundle alone, offscreen, as a user would (packaging/test_bundle.py)
dist-test:
	build/dist-venv/bin/python packaging/test_bundle.py

clean:
	rm -rf build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
