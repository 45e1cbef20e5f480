package io.imagestore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one clear line on stderr ({@code imagestore: <what went wrong>}) and the
 * documented exit code ({@link ExitStatus}); the stack trace follows only with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private final BooleanSupplier verbose;

    ErrorReporter(BooleanSupplier verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleParseException(ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        String help = command.getCommandSpec().qualifiedName() + " --help";
        command.getErr().println("imagestore: " + oneLine(failure.getMessage()) + " (see '" + help + "')");
        command.getErr().flush();
        return ExitStatus.USAGE.code();
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
        return report(failure, command.getErr()).code();
    }

    /** Prints {@code failure} as one line on {@code err} (with its stack trace when verbose); returns its status. */
    ExitStatus report(Exception failure, PrintWriter err) {
        err.println("imagestore: " + describe(failure));
        if (verbose.getAsBoolean()) {
            failure.printStackTrace(err);
        }
        err.flush();
        return ExitStatus.of(failure);
    }

    /**
     * The failure's message on one line. An I/O cause is appended when the message does not already tell it
     * (for example {@code AccessDeniedException: /store/x}); other causes, JSON parse errors included (the
     * message already says what is wrong with the file), are detail for {@code --verbose}.
     */
    static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        Throwable cause = failure.getCause();
        if (cause instanceof IOException && !(cause instanceof JsonProcessingException) && cause.getMessage() != null
                && !message.contains(cause.getMessage())) {
            message = message + " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
        }
        return oneLine(message);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
