package org.ecofoyer.app.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import org.ecofoyer.storage.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ecofoyer user ...}: accounts, created by the operator or by invitation link. */
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

    /** Runs account work on the configured database (migrated first, so a fresh install works). */
    static <T> T withAccounts(EcofoyerConfig cfg, AccountWork<T> work) throws SQLException {
        try (Database d = Stores.openMigrated(cfg)) {
            try (Connection c = d.dataSource().getConnection()) {
                return work.apply(c, new Accounts(new PasswordHasher()));
            }
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
            throw new Accounts.AccountException("no password on standard input");
        }
        return line;
    }

    static int refuse(CommandLine.Model.CommandSpec spec, Accounts.AccountException e) {
        spec.commandLine().getErr().println("ecofoyer user: " + e.getMessage());
        return 1;
    }

    @Command(name = "add", description = "Create an account. Without --password-stdin a random password is printed once.")
    static class Add implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "LOGIN", description = "3 to 64 letters, digits or . _ @ + -")
        String login;

        @Option(names = "--role", required = true, description = "household, advisor, installer or operator")
        String role;

        @Option(names = "--household", paramLabel = "ID", description = "the household of a household account")
        String household;

        @Option(names = "--name", description = "display name")
        String name;

        @Option(names = "--locale", defaultValue = "fr", description = "fr or en (default: fr)")
        String locale;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input")
        boolean stdin;

        @Override
        public Integer call() throws Exception {
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try {
                String password = password(stdin);
                String[] code = new String[1];
                var created = withAccounts(user.parent.config(), (c, a) -> {
                    var u = a.add(c, login, password, r, household, name, locale);
                    code[0] = org.ecofoyer.dashboard.consent.Consents.advisorCode(c, u.id()).orElse(null);
                    return u;
                });
                spec.commandLine().getOut().printf("account '%s' (%s%s) created%s%n", created.login(), r.wire(),
                        household == null ? "" : ", household " + household, stdin ? "" : "; password: " + password);
                if (code[0] != null) { // households find their advisor by this code to grant it access
                    spec.commandLine().getOut().printf("advisor code: %s (give it to the households you advise)%n", code[0]);
                }
                return 0;
            } catch (Accounts.AccountException e) {
                return refuse(spec, e);
            }
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
            try {
                String password = password(stdin);
                String weak = PasswordHasher.weakness(password, login);
                if (weak != null) {
                    throw new Accounts.AccountException(weak);
                }
                withAccounts(user.parent.config(), (c, a) -> {
                    var cr = a.credentials(c, login).orElseThrow(() -> new Accounts.AccountException("no account '" + login + "'"));
                    a.setPasswordHash(c, cr.user().id(), a.hasher().hash(password.toCharArray()));
                    return null;
                });
                spec.commandLine().getOut().printf("password of '%s' changed%s%n", login, stdin ? "" : "; password: " + password);
                return 0;
            } catch (Accounts.AccountException e) {
                return refuse(spec, e);
            }
        }
    }

    @Command(name = "invite", description = "Print an invitation link: whoever opens it chooses a login and password.")
    static class Invite implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--role", required = true, description = "household, advisor, installer or operator")
        String role;

        @Option(names = "--household", paramLabel = "ID", description = "the household of a household account")
        String household;

        @Override
        public Integer call() throws Exception {
            Role r;
            try {
                r = Role.parse(role);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            EcofoyerConfig cfg = user.parent.config();
            Duration validity = cfg.dashboard().invitationValidity();
            try {
                String token = withAccounts(cfg, (c, a) -> a.invite(c, r, household, "cli", validity));
                String base = cfg.dashboard().publicUrl() != null ? cfg.dashboard().publicUrl()
                        : "http://" + ("0.0.0.0".equals(cfg.http().host()) ? "localhost" : cfg.http().host()) + ":" + cfg.http().port();
                spec.commandLine().getOut().printf("%s/invite?token=%s%n(valid %d days, once)%n", base, token, validity.toDays());
                return 0;
            } catch (Accounts.AccountException e) {
                return refuse(spec, e);
            }
        }
    }
}
