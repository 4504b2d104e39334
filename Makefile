# Two commands on a fresh machine: `make run` and `make test`. Both install what they need.
VENV := .venv
PY := $(VENV)/bin/python

# Debian's packages the project uses: the Noto fonts print names in every script a population
# register holds (letters); poppler-utils reads letters back from their PDFs; faketime moves the
# clock of the processes the calendar sweep starts; Chromium is the browser the Web UI tests
# drive (Playwright never downloads a browser of its own here); PostgreSQL 15 runs the reporting
# store's tests on a real cluster each test run starts in a temporary folder (-m postgres).
DEBIAN_PACKAGES := fonts-noto-core fonts-noto-cjk poppler-utils faketime chromium postgresql
SYSTEM_STAMP := .venv-system-packages

$(SYSTEM_STAMP):
	@if ! command -v pdftotext >/dev/null || ! command -v faketime >/dev/null || ! command -v chromium >/dev/null \
	  || [ ! -x /usr/lib/postgresql/15/bin/initdb ] || [ ! -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || [ ! -e /usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEBIAN_PACKAGES) >/dev/null; \
	  else \
	    echo "install Debian's $(DEBIAN_PACKAGES) (as root: apt-get install $(DEBIAN_PACKAGES))"; exit 1; \
	  fi; \
	fi
	touch $@

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

.PHONY: install run test lint bench calendar-sweep truth po
install: $(VENV)/.installed $(SYSTEM_STAMP)

run: install
	$(PY) run_local.py

# Two workers, a test module each at a time: the dev server modules start servers of their own.
test: install lint
	$(PY) -m pytest -n 2 --dist loadfile

# The gettext catalogue of every text in both languages, from the sources (i18n/po.py).
po: install
	$(PY) -m i18n.po

lint: install
	$(PY) -m ruff check .
	$(PY) -m mypy .

# The truth suite at length: many more case histories, new ones from a seed it prints (re-run
# one with `make truth SEED=…`; `make test` explores the same ones on every run); a failing
# history prints as the list of steps that reproduce it.
ifndef SEED
SEED := $(shell od -An -N4 -tu4 /dev/urandom | tr -d ' ')
endif
truth: install
	@echo "truth suite, seed $(SEED)"
	EVICTION_HYPOTHESIS_SEEDED=1 EVICTION_TRUTH_EXAMPLES=20000 $(PY) -m pytest -q -p no:cacheprovider tests/test_truth.py --timeout=0 --hypothesis-seed=$(SEED)

# The project against its floor (a trivial case started the same way), three runs and the median
# of their ratios, and where the time goes (bench/explain.py); py-spy samples the worker in a run
# of its own, not timed.
bench: install
	$(PY) bench/explain.py --count 1000 --workers 2 --runs 3

# The time-skipping clock starts today; this runs those tests again from other points of the
# year (Christmas, Easter, Ascension, midsummer) so that no test counts days the calendar moves.
# Then the whole suite with the clock of every process it starts (the CLI, the worker, the
# time-skipping server, pytest) moved 30, 90 and 365 days ahead by faketime; the dev server is a
# static Go binary that keeps the real clock, which is a clock difference the code must bear too.
calendar-sweep: install
	for shift in 0 10 20 25 30 40 50 60 125 165 210; do \
	  echo "clock moved $$shift days"; \
	  EVICTION_TEST_CLOCK_SHIFT_DAYS=$$shift $(PY) -m pytest -q -p no:cacheprovider -m "not devserver" || exit 1; \
	done
	for days in 30 90 365; do \
	  echo "every process's clock moved $$days days (faketime)"; \
	  faketime -f "+$${days}d" $(PY) -m pytest -q -p no:cacheprovider || exit 1; \
	done
