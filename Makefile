# RiverChief: build, install and uninstall (docs/shared-server.md).
#
#   make                          the release binary, man page and completions, in .build-release/
#   make install PREFIX=/usr/local   binary, model library, riverchief(1), bash/zsh/fish completions
#   make install-server           (root) the shared office set-up: the riverchief group, the setgid
#                                 binary, the database directory, the system config.toml, the database
#   make uninstall                removes every file install put there (never the database)
#
# DESTDIR is honoured by install and uninstall, for packagers. Variables:
#   PREFIX=/usr/local  DESTDIR=  GROUP=riverchief  STATEDIR=/var/lib/riverchief
#   BIN=<a riverchief binary to install instead of building one>
#   STRIP=  (empty: install the binary with its symbols; default -s strips it, 97 MB -> ~60 MB for
#            the static release build; the exported wcwidth stays, it is a dynamic symbol)

PREFIX    ?= /usr/local
DESTDIR   ?=
GROUP     ?= riverchief
SWIFT     ?= swift
SCRATCH   ?= .build-release
STRIP     ?= -s

BINDIR    := $(PREFIX)/bin
DATADIR   := $(PREFIX)/share/riverchief
MANDIR    := $(PREFIX)/share/man/man1
BASHDIR   := $(PREFIX)/share/bash-completion/completions
ZSHDIR    := $(PREFIX)/share/zsh/site-functions
FISHDIR   := $(PREFIX)/share/fish/vendor_completions.d
# The binary looks for <prefix>/etc/riverchief/config.toml, and /etc/… when the prefix is /usr.
ifeq ($(PREFIX),/usr)
SYSCONFDIR := /etc
else
SYSCONFDIR := $(PREFIX)/etc
endif
# The database's folder, and the library cache root writes for the setgid program (riverchief init).
ifneq ($(filter /usr /usr/local,$(PREFIX)),)
STATEDIR  ?= /var/lib/riverchief
CACHEDIR  := /var/cache/riverchief
else
STATEDIR  ?= $(PREFIX)/var/lib/riverchief
CACHEDIR  := $(PREFIX)/var/cache/riverchief
endif

# BIN given: install that binary (tests install the debug build); else build the release one.
ifeq ($(origin BIN),undefined)
BIN       := $(SCRATCH)/release/riverchief
BUILD     := build
else
BUILD     :=
endif
GEN       := $(SCRATCH)/generated
MANPAGE   := $(GEN)/riverchief.1

.PHONY: all build man completions install install-server uninstall check-install clean

all: $(BUILD) man completions

# The release binary with the Swift runtime linked in: the server needs only libncursesw6 and libsqlite3.
build:
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(SCRATCH) --product riverchief

# riverchief(1) from the argument-parser definitions (swift-argument-parser's generate-manual
# plugin). The plugin builds the whole package first; in debug, in .build, where `swift build` or
# `swift test` has usually built it already (the page is the same whatever the configuration).
man:
	$(SWIFT) package --scratch-path .build --disable-sandbox plugin generate-manual --configuration debug
	mkdir -p $(GEN)
	cp "$$(find .build/plugins -path '*GenerateManual*' -name riverchief.1 | head -n 1)" $(MANPAGE)

# The completion scripts, from the same definitions, written by the binary itself.
completions: $(BUILD)
	mkdir -p $(GEN)
	$(BIN) --generate-completion-script bash > $(GEN)/riverchief.bash
	$(BIN) --generate-completion-script zsh > $(GEN)/_riverchief
	$(BIN) --generate-completion-script fish > $(GEN)/riverchief.fish

install: $(BUILD) man completions
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR) \
		$(DESTDIR)$(BASHDIR) $(DESTDIR)$(ZSHDIR) $(DESTDIR)$(FISHDIR)
	install -m 755 $(STRIP) $(BIN) $(DESTDIR)$(BINDIR)/riverchief
	rm -rf $(DESTDIR)$(DATADIR)/Data
	cp -R Data $(DESTDIR)$(DATADIR)/Data
	chmod -R u=rwX,go=rX $(DESTDIR)$(DATADIR)/Data
	install -m 644 $(MANPAGE) $(DESTDIR)$(MANDIR)/riverchief.1
	install -m 644 $(GEN)/riverchief.bash $(DESTDIR)$(BASHDIR)/riverchief
	install -m 644 $(GEN)/_riverchief $(DESTDIR)$(ZSHDIR)/_riverchief
	install -m 644 $(GEN)/riverchief.fish $(DESTDIR)$(FISHDIR)/riverchief.fish

# The shared office set-up, as root, after install: the group no person belongs to, the binary
# setgid to it, the database directory only that group may enter, a system config.toml naming the
# database (an existing one is kept), and the database itself and the library cache, written by root.
install-server:
	@test "$$(id -u)" = 0 || { echo "make install-server: run it as root" >&2; exit 2; }
	getent group $(GROUP) >/dev/null || groupadd --system $(GROUP)
	chown root:$(GROUP) $(DESTDIR)$(BINDIR)/riverchief
	chmod 2755 $(DESTDIR)$(BINDIR)/riverchief
	install -d -m 755 $(DESTDIR)$(SYSCONFDIR)/riverchief
	install -d -m 2770 -o root -g $(GROUP) $(DESTDIR)$(STATEDIR)
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/riverchief/config.toml ]; then \
		echo "keeping $(DESTDIR)$(SYSCONFDIR)/riverchief/config.toml"; \
	else \
		printf '%s\n' \
		'# RiverChief system configuration (docs/cli.md, "Configuration"; docs/shared-server.md).' \
		'[store]' \
		'db = "$(STATEDIR)/state.sqlite"' \
		'' \
		'[display]' \
		'lang = "zh"' \
		'' \
		'[roles]' \
		'admins = ["root"]          # accounts or "group:NAME" who may change everything' \
		'viewers = ["*"]            # everyone else may look' \
		'# [[roles.liaison]]        # may change the tasks their unit leads or supports' \
		'# unit = "city.water"' \
		'# members = ["bob", "group:slj"]' \
		> $(DESTDIR)$(SYSCONFDIR)/riverchief/config.toml; \
		chmod 644 $(DESTDIR)$(SYSCONFDIR)/riverchief/config.toml; \
	fi
	$(DESTDIR)$(BINDIR)/riverchief init

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/riverchief $(DESTDIR)$(MANDIR)/riverchief.1 \
		$(DESTDIR)$(BASHDIR)/riverchief $(DESTDIR)$(ZSHDIR)/_riverchief $(DESTDIR)$(FISHDIR)/riverchief.fish
	rm -rf $(DESTDIR)$(DATADIR) $(DESTDIR)$(CACHEDIR)
	@if [ -d $(DESTDIR)$(SYSCONFDIR)/riverchief ]; then \
		echo "kept $(DESTDIR)$(SYSCONFDIR)/riverchief (the configuration) and $(STATEDIR) (the records): remove them by hand"; \
	fi

# Installs into a temporary DESTDIR and checks every file, runs the installed binary, renders the
# man page and loads the bash, zsh and fish completions; then uninstalls and checks that no file is left.
# CI runs `make check-install BIN=.build/debug/riverchief`.
check-install:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; root=$$tmp/usr/local; \
	$(MAKE) --no-print-directory install DESTDIR=$$tmp PREFIX=/usr/local $(if $(BUILD),,BIN=$(BIN)) >$$tmp/install.log 2>&1 \
		|| { cat $$tmp/install.log; exit 1; }; \
	for f in bin/riverchief share/riverchief/Data/yr2020-citysec/model.json share/riverchief/Data/yr2020-citysec/speech.txt \
		share/man/man1/riverchief.1 share/bash-completion/completions/riverchief share/zsh/site-functions/_riverchief \
		share/fish/vendor_completions.d/riverchief.fish; do \
		test -s $$root/$$f || { echo "check-install: $$f is missing or empty" >&2; exit 1; }; \
	done; \
	test -x $$root/bin/riverchief; \
	nm -D $$root/bin/riverchief | grep -qE ' T wcwidth$$' \
		|| { echo "check-install: the installed binary no longer exports wcwidth (ambiguous-wide terminals would misalign)" >&2; exit 1; }; \
	export HOME=$$tmp/home XDG_CACHE_HOME=$$tmp/cache XDG_CONFIG_HOME=$$tmp/config XDG_DATA_HOME=$$tmp/data RIVERCHIEF_DATA= RIVERCHIEF_DB=; \
	(cd $$tmp && $$root/bin/riverchief validate --json) | grep -q "share/riverchief/Data/yr2020-citysec/model.json" \
		|| { echo "check-install: the installed binary did not find its library" >&2; exit 1; }; \
	(cd $$tmp && $$root/bin/riverchief list --width 100) | grep -q "yr2020.t.joint-meetings"; \
	LANG=C.UTF-8 MANWIDTH=80 man -l $$root/share/man/man1/riverchief.1 2>/dev/null | grep -q "Create the state database if it is missing"; \
	bash -c "source $$root/share/bash-completion/completions/riverchief && complete -p riverchief" | grep -q "riverchief$$"; \
	zsh -f -c "fpath=($$root/share/zsh/site-functions \$$fpath); autoload -Uz compinit; compinit -u -d $$tmp/zcompdump; \
		print -r -- \$${_comps[riverchief]}" | grep -qx "_riverchief" \
		|| { echo "check-install: zsh did not load the completion" >&2; exit 1; }; \
	fish --no-config -c "source $$root/share/fish/vendor_completions.d/riverchief.fish; complete -C 'riverchief '" \
		| grep -q "^validate" || { echo "check-install: fish did not complete riverchief's commands" >&2; exit 1; }; \
	$(MAKE) --no-print-directory uninstall DESTDIR=$$tmp PREFIX=/usr/local >/dev/null; \
	left=$$(find $$tmp/usr -type f); test -z "$$left" || { echo "check-install: left after uninstall: $$left" >&2; exit 1; }; \
	echo "check-install: ok (every file installed, binary, man page and completions work, uninstall leaves no file)"

clean:
	rm -rf $(GEN)
