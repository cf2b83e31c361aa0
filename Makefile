# make demo | make test | make lint | make bench | make fuzz | make dist | make dist-check | make screenshots
SHELL := /bin/bash
DB ?= vsp_demo
PORT ?= 8069

.PHONY: setup demo test lint bench fuzz dist dist-check pot screenshots clean-db

setup:
	@bash tools/setup.sh

demo: setup
	@bash tools/demo.sh "$(DB)" "$(PORT)"

test: setup
	@bash tools/run_tests.sh

lint: setup
	@bash tools/lint.sh

bench: setup
	@bash tools/bench.sh

fuzz: setup
	@BENCH_ONLY=fuzz_safety_models bash tools/bench.sh

dist: setup
	@bash tools/dist.sh

dist-check: setup
	@bash tools/dist_check.sh

pot: setup
	@bash tools/pot.sh

screenshots: setup
	@bash tools/screenshots.sh

clean-db:
	@dropdb -h $${PGHOST:-127.0.0.1} --if-exists "$(DB)" "$(DB)_template"
