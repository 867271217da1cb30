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

PREFIX    ?= /usr/local
DESTDIR   ?=
GROUP     ?= riverchief
SWIFT     ?= swift
SCRATCH   ?= .build-release

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
ifneq ($(filter /usr /usr/local,$(PREFIX)),)
STATEDIR  ?= /var/lib/riverchief
else
STATEDIR  ?= $(PREFIX)/var/lib/riverchief
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

.PHONY: all build man completions install install-server uninstall clean

all: $(BUILD) man completions

# The release binary with the Swift runtime linked in: the server needs only libncursesw6 and libsqlite3.
build:
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(SCRATCH) --product riverchief

# riverchief(1) from the argument-parser definitions (swift-argument-parser's generate-manual
# plugin; it builds the package in release mode in the same scratch folder).
man:
	$(SWIFT) package --scratch-path $(SCRATCH) --disable-sandbox plugin generate-manual
	mkdir -p $(GEN)
	cp "$$(find $(SCRATCH)/plugins -path '*GenerateManual*' -name riverchief.1 | head -n 1)" $(MANPAGE)

# The completion scripts, from the same definitions, written by the binary itself.
completions: $(BUILD)
	mkdir -p $(GEN)
	$(BIN) --generate-completion-script bash > $(GEN)/riverchief.bash
	$(BIN) --generate-completion-script zsh > $(GEN)/_riverchief
	$(BIN) --generate-completion-script fish > $(GEN)/riverchief.fish

install: $(BUILD) man completions
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR) \
		$(DESTDIR)$(BASHDIR) $(DESTDIR)$(ZSHDIR) $(DESTDIR)$(FISHDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/riverchief
	rm -rf $(DESTDIR)$(DATADIR)/Data
	cp -R Data $(DESTDIR)$(DATADIR)/Data
	chmod -R u=rwX,go=rX $(DESTDIR)$(DATADIR)/Data
	install -m 644 $(MANPAGE) $(DESTDIR)$(MANDIR)/riverchief.1
	install -m 644 $(GEN)/riverchief.bash $(DESTDIR)$(BASHDIR)/riverchief
	install -m 644 $(GEN)/_riverchief $(DESTDIR)$(ZSHDIR)/_riverchief
	install -m 644 $(GEN)/riverchief.fish $(DESTDIR)$(FISHDIR)/riverchief.fish

# The shared office set-up, as root, after install: the group no person belongs to, the binary
# setgid to it, the database directory only that group may enter, a system config.toml naming the
# database (an existing one is kept), and the database itself, created by root.
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
	rm -rf $(DESTDIR)$(DATADIR)
	@if [ -d $(DESTDIR)$(SYSCONFDIR)/riverchief ]; then \
		echo "kept $(DESTDIR)$(SYSCONFDIR)/riverchief (the configuration) and $(STATEDIR) (the records): remove them by hand"; \
	fi

clean:
	rm -rf $(GEN)
