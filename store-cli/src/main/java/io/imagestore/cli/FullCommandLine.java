package io.imagestore.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** The whole {@code imagestore} command line, through picocli: every verb and option, help, completion. */
final class FullCommandLine {
    private FullCommandLine() {}

    /** Runs the command in this process with the given environment and streams; returns the exit code. */
    static int run(CliEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
        return commandLine(environment, out, err).execute(args);
    }

    /** The configured command line: handlers, exit-code documentation, completion, streams. */
    static CommandLine commandLine(CliEnvironment environment, PrintWriter out, PrintWriter err) {
        ImagestoreCommand root = new ImagestoreCommand(environment);
        CommandLine commandLine = new CommandLine(root);
        Handlers handlers = new Handlers(root.errorReporter());
        commandLine.setOut(out)
                .setErr(err)
                .setExecutionExceptionHandler(handlers)
                .setParameterExceptionHandler(handlers)
                .setExitCodeExceptionMapper(failure -> failure instanceof ParameterException
                        ? ExitStatus.USAGE.code()
                        : ExitStatus.of(failure).code());
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

    /** picocli's failure handlers: a bad command line points to the verb's help; the rest go to the reporter. */
    private static final class Handlers implements IExecutionExceptionHandler, IParameterExceptionHandler {
        private final ErrorReporter reporter;

        Handlers(ErrorReporter reporter) {
            this.reporter = reporter;
        }

        @Override
        public int handleParseException(ParameterException failure, String[] args) {
            CommandLine command = failure.getCommandLine();
            String help = command.getCommandSpec().qualifiedName() + " --help";
            command.getErr().println("imagestore: " + ErrorReporter.oneLine(failure.getMessage())
                    + " (see '" + help + "')");
            command.getErr().flush();
            return ExitStatus.USAGE.code();
        }

        @Override
        public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
            return reporter.report(failure, command.getErr()).code();
        }
    }
}
