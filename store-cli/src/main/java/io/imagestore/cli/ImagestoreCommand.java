package io.imagestore.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code imagestore} command: global options and the verbs. */
@Command(name = "imagestore",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = ImagestoreCommand.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = "Keeps the platform of locally built container images in a metadata.json sidecar beside "
                + "each rootfs/, written atomically under cross-process locks, so a dispatch router never sends "
                + "a Darwin image to a Linux VM.",
        subcommands = {
            WriteCommand.class, InspectCommand.class, LsCommand.class, RmCommand.class, TagCommand.class,
            PruneCommand.class, RouteCommand.class, FsckCommand.class, DemoCommand.class,
            LoadCommand.class, SaveCommand.class, ImportCommand.class, HistoryCommand.class,
            PullCommand.class, PushCommand.class, SearchCommand.class, LoginCommand.class, LogoutCommand.class,
            HelpCommand.class, AutoComplete.GenerateCompletion.class},
        exitCodeListHeading = "%nExit codes:%n",
        footerHeading = "%n",
        footer = "Global options may stand before or after the verb; 'imagestore help VERB' (or VERB --help) "
                + "shows a verb's own options. Listing verbs take --format table|json. Results go to stdout; "
                + "progress and errors go to stderr. See README.md for the on-disk layout and guarantees.%n")
final class ImagestoreCommand implements Runnable {
    private final CliEnvironment environment;
    private final ErrorReporter errorReporter = new ErrorReporter(() -> this.options.verbose());

    @Mixin
    private GlobalOptions options;

    @Spec
    private CommandSpec spec;

    ImagestoreCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing a command, e.g. 'imagestore ls'");
    }

    CliEnvironment environment() {
        return environment;
    }

    /** The global options as given on the command line. */
    GlobalOptions options() {
        return options;
    }

    /** Reports failures as one line and an exit code, for the handlers and for verbs that go on after one. */
    ErrorReporter errorReporter() {
        return errorReporter;
    }

    /** Runs {@code verb} on the store the global options name. */
    ExitStatus run(StoreVerb verb) {
        return verb.runOn(options, environment, output());
    }

    /** Where the verb's results go. */
    Output output() {
        return new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), environment);
    }

    /** Reads the version Maven recorded at build time. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the version of imagestore", e);
            }
            return new String[] {"imagestore " + properties.getProperty("version", "(unknown version)"),
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch")};
        }
    }
}
