package io.imagestore.cli;

import io.imagestore.registry.Credentials;
import io.imagestore.registry.RegistryLogin;
import io.imagestore.registry.RegistryOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code imagestore login}: checks credentials with a registry and keeps them in the auth file. */
@Command(name = "login",
        header = "Log in to a registry: check the credentials and store them in the auth file.",
        description = "Checks USER and the password with REGISTRY (Basic authentication, or a token from its "
                + "token service), then stores them in the auth file (--authfile, else $REGISTRY_AUTH_FILE, else "
                + "$XDG_RUNTIME_DIR/containers/auth.json, else ~/.docker/config.json), written owner-only (0600), "
                + "or with the credential helper that file names (credsStore / credHelpers, as Docker). "
                + "pull and push then find them there.")
final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    private ImagestoreCommand imagestore;

    @Parameters(index = "0", paramLabel = "REGISTRY", description = "The registry, e.g. 127.0.0.1:5000 or ghcr.io.")
    private String registry;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", required = true, description = "The user name.")
    private String username;

    @Option(names = {"-p", "--password"}, paramLabel = "PASSWORD",
            description = "The password (visible to other users in the process list: prefer --password-stdin).")
    private String password;

    @Option(names = "--password-stdin", description = "Read the password from stdin (one line).")
    private boolean passwordStdin;

    @Mixin
    private RegistryFlags flags;

    @Override
    public Integer call() throws IOException {
        CliEnvironment environment = imagestore.environment();
        Credentials credentials = Credentials.of(username, password(), "login");
        RegistryOptions options = flags.options(environment);
        imagestore.output().withProgress("Logging in to " + registry, () -> {
            RegistryLogin.verify(registry, credentials, options);
            return null;
        });
        Path file = flags.writableAuthFile(environment);
        flags.writableAuth(environment).store(registry, credentials);
        imagestore.output().line("Login Succeeded (credentials stored in " + file + ")");
        return ExitStatus.OK.code();
    }

    private String password() throws IOException {
        if (password != null && passwordStdin) {
            throw new IllegalArgumentException("give either --password or --password-stdin, not both");
        }
        if (password != null) {
            return password;
        }
        if (passwordStdin) {
            return readLine(System.in);
        }
        return RegistryFlags.askPassword(username);
    }

    private static String readLine(InputStream in) throws IOException {
        String text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).replaceAll("\r$", "");
    }
}
