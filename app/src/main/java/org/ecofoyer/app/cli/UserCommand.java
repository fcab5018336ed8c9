package org.ecofoyer.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.ecofoyer.app.config.EcofoyerConfig;
import org.ecofoyer.dashboard.auth.Accounts;
import org.ecofoyer.dashboard.auth.PasswordHasher;
import org.ecofoyer.dashboard.auth.Role;
import org.ecofoyer.dashboard.auth.Tokens;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ecofoyer user ...}: accounts, created by the operator or by invitation link. Under the command contract of the
 * onboarding commands: the last stdout line is {@code key=value} pairs ({@code id=...}), bad input exits 2 with the
 * reason and writes nothing (one transaction), and they work beside a running server on the embedded database.
 */
@Command(name = "user", description = "Accounts: add one, reset a password, or make an invitation link.",
        subcommands = {UserCommand.Add.class, UserCommand.Passwd.class, UserCommand.Invite.class})
public class UserCommand implements Runnable {
    @ParentCommand
    EcofoyerCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: try 'ecofoyer user add LOGIN --role household --household ID'");
    }

    /**
     * Runs account work in one transaction on the configured database (migrated first, so a fresh install works), beside
     * a running server too; an {@link Accounts.AccountException} is bad input: exit 2 with the reason, nothing written.
     */
    static <T> T withAccounts(EcofoyerConfig cfg, AccountWork<T> work) throws SQLException {
        Accounts accounts = new Accounts(new PasswordHasher());
        try {
            return Stores.inTransaction(cfg, c -> work.apply(c, accounts));
        } catch (Accounts.AccountException e) {
            throw new Refused(e.getMessage());
        }
    }

    interface AccountWork<T> {
        T apply(Connection c, Accounts accounts) throws SQLException;
    }

    /** The password from standard input (first line), or a new random one when {@code fromStdin} is false. */
    static String password(boolean fromStdin) throws IOException {
        if (!fromStdin) {
            return Tokens.random().substring(0, 16);
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null || line.isEmpty()) {
            throw new Refused("--password-stdin: no password on standard input");
        }
        return line;
    }

    static Role role(String role, String household) {
        if (role == null) {
            if (household != null) {
                return Role.HOUSEHOLD; // --household alone: that household's account
            }
            throw new Refused("--role: expected household, advisor, installer or operator");
        }
        try {
            return Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw new Refused("--role: " + e.getMessage());
        }
    }

    @Command(name = "add", description = "Create an account. Without --password-stdin a random password is printed once.")
    static class Add implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "LOGIN", description = "3 to 64 letters, digits or . _ @ + -")
        String login;

        @Option(names = "--role", description = "household, advisor, installer or operator (default with --household: household)")
        String role;

        @Option(names = "--household", paramLabel = "ID", description = "the household of a household account (ecofoyer household add)")
        String household;

        @Option(names = "--name", description = "display name")
        String name;

        @Option(names = "--locale", defaultValue = "fr", description = "fr or en (default: fr)")
        String locale;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean stdin;

        @Override
        public Integer call() throws Exception {
            Role r = role(role, household);
            String password = password(stdin);
            record Created(org.ecofoyer.dashboard.auth.User user, String advisorCode) {
            }
            Created created = withAccounts(user.parent.config(), (c, a) -> {
                var u = a.add(c, login, password, r, household, name, locale);
                return new Created(u, org.ecofoyer.dashboard.consent.Consents.advisorCode(c, u.id()).orElse(null));
            });
            PrintWriter out = spec.commandLine().getOut();
            out.printf("account '%s' (%s%s) created%s%n", created.user().login(), r.wire(),
                    household == null ? "" : ", household " + household, stdin ? "" : "; password: " + password);
            if (created.advisorCode() != null) { // households find their advisor by this code to grant it access
                out.printf("advisor code: %s (give it to the households you advise)%n", created.advisorCode());
            }
            out.println(KeyValues.of("id", created.user().id()).and("login", created.user().login()).and("role", r.wire())
                    .and("household", household).and("password", stdin ? null : password)
                    .and("advisor-code", created.advisorCode()).line());
            return 0;
        }
    }

    @Command(name = "passwd", description = "Set an account's password (random and printed without --password-stdin).")
    static class Passwd implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "LOGIN")
        String login;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean stdin;

        @Override
        public Integer call() throws Exception {
            String password = password(stdin);
            String weak = PasswordHasher.weakness(password, login);
            if (weak != null) {
                throw new Refused(weak);
            }
            long id = withAccounts(user.parent.config(), (c, a) -> {
                var cr = a.credentials(c, login).orElseThrow(() -> new Accounts.AccountException("no account '" + login + "'"));
                a.setPasswordHash(c, cr.user().id(), a.hasher().hash(password.toCharArray()));
                return cr.user().id();
            });
            spec.commandLine().getOut().printf("password of '%s' changed%s%n", login, stdin ? "" : "; password: " + password);
            spec.commandLine().getOut().println(KeyValues.of("id", id).and("login", login).and("password", stdin ? null : password).line());
            return 0;
        }
    }

    @Command(name = "invite", description = "Print an invitation link: whoever opens it chooses a login and password.")
    static class Invite implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--role", description = "household, advisor, installer or operator (default with --household: household)")
        String role;

        @Option(names = "--household", paramLabel = "ID", description = "the household of a household account")
        String household;

        @Override
        public Integer call() throws Exception {
            Role r = role(role, household);
            EcofoyerConfig cfg = user.parent.config();
            Duration validity = cfg.dashboard().invitationValidity();
            String token = withAccounts(cfg, (c, a) -> a.invite(c, r, household, "cli", validity));
            String base = cfg.dashboard().publicUrl() != null ? cfg.dashboard().publicUrl()
                    : "http://" + ("0.0.0.0".equals(cfg.http().host()) ? "localhost" : cfg.http().host()) + ":" + cfg.http().port();
            spec.commandLine().getOut().printf("%s/invite?token=%s%n(valid %d days, once)%n", base, token, validity.toDays());
            return 0;
        }
    }
}
