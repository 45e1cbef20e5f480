package io.imagestore.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
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
        commandLine.getCommandSpec().usageMessage().exitCodeList(exitCodeList());
        commandLine.getSubcommands().values().forEach(FullCommandLine::verbHelp);
        return commandLine;
    }

    /**
     * A verb's help shows its own options only, as docker's does: the global ones (which it accepts too) and the
     * exit codes are in {@code imagestore --help}, which its footer points to.
     */
    private static void verbHelp(CommandLine verb) {
        UsageMessageSpec usage = verb.getCommandSpec().usageMessage();
        usage.abbreviateSynopsis(true);
        usage.exitCodeListHeading("");
        usage.footerHeading("%n");
        usage.footer("Global options (--root, --layout, --lock-timeout, -v/--verbose) and exit codes: see "
                + "'imagestore --help'.");
        verb.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, help -> help.optionListExcludingGroups(
                ownOptions(help.commandSpec()), help.createDefaultLayout(), null, help.createDefaultParamLabelRenderer()));
    }

    /** The options a verb declares, and {@code --help}, without those it shares with {@code imagestore}. */
    static List<OptionSpec> ownOptions(CommandSpec verb) {
        List<OptionSpec> own = new ArrayList<>();
        for (OptionSpec option : verb.options()) {
            if (option.usageHelp() || (!option.inherited() && !option.versionHelp())) {
                own.add(option);
            }
        }
        return own;
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
