package io.imagestore.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code imagestore} command. */
public final class Main {
    private Main() {}

    /**
     * Runs {@code imagestore} with {@code args} and exits with its status (0 ok, 2 usage, 3 not found,
     * 4 corrupt metadata, 5 lock timeout, 6 no route, 1 anything else).
     *
     * @param args the command line, for example {@code ls --format json}
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(CliEnvironment.system(), out, err, args));
    }

    /** Runs the command in this process with the given environment and streams; returns the exit code. */
    static int run(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(environment, out, err).execute(args);
    }

    /** The configured command line: handlers, exit-code documentation, completion, streams. */
    static CommandLine commandLine(CliEnvironment environment, PrintWriter out, PrintWriter err) {
        ImagestoreCommand root = new ImagestoreCommand(environment);
        CommandLine commandLine = new CommandLine(root);
        ErrorReporter reporter = root.errorReporter();
        commandLine.setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(reporter)
                .setParameterExceptionHandler(reporter)
                .setExitCodeExceptionMapper(failure -> ExitStatus.of(failure).code());
        commandLine.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        Map<String, String> exitCodes = exitCodeList();
        commandLine.getCommandSpec().usageMessage().exitCodeList(exitCodes);
        commandLine.getSubcommands().values().forEach(verb -> verb.getCommandSpec().usageMessage().exitCodeList(exitCodes));
        return commandLine;
    }

    private static Map<String, String> exitCodeList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitStatus status : ExitStatus.values()) {
            list.put(String.valueOf(status.code()), status.meaning());
        }
        return list;
    }
}
