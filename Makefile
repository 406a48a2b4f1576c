# ScaleBench: `make bench` runs the default suite, `make test` the whole test suite.
SWIFT ?= swift
EX ?=
IMPL ?=
BENCH_ARGS ?=
# `make compare BASE=<rev> [HEAD=<rev>]`: empty BASE/HEAD take compare's defaults (nearest ancestor / current commit).
BASE ?=
HEAD ?=
# Thread-sanitizer builds keep their own folder so they never invalidate the normal debug build.
TSAN_SCRATCH ?= .build-tsan

.PHONY: deps build bench check compare report test test-unit test-tsan clean

deps:
	@./scripts/ensure-deps.sh

build: deps
	$(SWIFT) build -c release --product scalebench

bench: build
	./.build/release/scalebench bench $(if $(EX),$(EX),default) $(if $(IMPL),--impl $(IMPL),) $(BENCH_ARGS)

# `make check EX=user [IMPL=reference]`: the exercise's named checks (default: your `mine`).
check: build
	./.build/release/scalebench check $(if $(EX),$(EX),user) $(if $(IMPL),--impl $(IMPL),)

compare:
	$(MAKE) build
	./.build/release/scalebench compare $(BASE) $(HEAD)

report:
	$(MAKE) build
	./.build/release/scalebench report

# Tests run one at a time: many measure real delays or wait for background workers, and on a
# 2-core machine a parallel neighbour that blocks the cooperative threads starves them.
test: test-unit test-tsan

test-unit: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

test-tsan: deps
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path $(TSAN_SCRATCH)
	$(SWIFT) test --skip-build --no-parallel --sanitize=thread --scratch-path $(TSAN_SCRATCH)

clean:
	rm -rf .build $(TSAN_SCRATCH)
