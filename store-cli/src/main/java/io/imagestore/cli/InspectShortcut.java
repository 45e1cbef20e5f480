package io.imagestore.cli;

import io.imagestore.api.CorruptSidecarPolicy;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The start-up path of the plain {@code inspect} command lines, which never loads picocli (building its
 * model by reflection costs about 200 ms, four times a whole JVM start): {@code inspect REF}, with at most one
 * {@code --format table|text|json} (or {@code --format=…}) before or after REF. It takes nothing else: a global
 * option, help, a second value, a REF that looks like an option ({@code -…}) or an argument file
 * ({@code @…}), a {@code picocli.*} system property, all go to {@link FullCommandLine}, which gives the same
 * result for what this path takes, because both run {@link Inspection} with {@link GlobalOptions}' defaults
 * and report failures through {@link ErrorReporter}.
 */
final class InspectShortcut {
    private static final String VERB = "inspect";
    private static final String FORMAT = "--format";
    /** This path never runs with {@code --verbose}, which sends a command line to the full one. */
    private static final BooleanSupplier NOT_VERBOSE = new BooleanSupplier() {
        @Override
        public boolean getAsBoolean() {
            return false;
        }
    };

    private InspectShortcut() {}

    /** The inspection {@code args} ask for, when this path may run it; empty for any other command line. */
    static Optional<Inspection> match(String... args) {
        if (args.length < 2 || args.length > 4 || !args[0].equals(VERB) || picocliConfigured()) {
            return Optional.empty();
        }
        String reference = null;
        Format format = null;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith(FORMAT + "=") && format == null) {
                format = Format.named(arg.substring(FORMAT.length() + 1), Format.TEXT).orElse(null);
            } else if (arg.equals(FORMAT) && format == null && i + 1 < args.length) {
                i++;
                format = Format.named(args[i], Format.TEXT).orElse(null);
            } else if (reference == null && isPlainValue(arg)) {
                reference = arg;
                continue;
            } else {
                return Optional.empty();
            }
            if (format == null) {
                return Optional.empty();
            }
        }
        return reference == null ? Optional.empty()
                : Optional.of(new Inspection(List.of(reference), format == null ? Format.TEXT : format,
                        CorruptSidecarPolicy.FAIL, new ErrorReporter(NOT_VERBOSE)));
    }

    /** Runs {@code inspection} as the full command line would: default global options, same failure report. */
    static int run(Inspection inspection, CliEnvironment environment, PrintWriter out, PrintWriter err) {
        GlobalOptions options = new GlobalOptions();
        try {
            return inspection.runOn(options, environment, new Output(out, err, environment)).code();
        } catch (RuntimeException failure) {
            return new ErrorReporter(options::verbose).report(failure, err).code();
        }
    }

    /** A value picocli takes as it is: not an option, an argument file, or an empty string. */
    private static boolean isPlainValue(String arg) {
        return !arg.isEmpty() && arg.charAt(0) != '-' && arg.charAt(0) != '@';
    }

    /** Whether a system property tunes picocli (tracing, quoting, …), which only the full command line honours. */
    private static boolean picocliConfigured() {
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("picocli.")) {
                return true;
            }
        }
        return false;
    }
}
