package io.imagestore.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;

/**
 * Turns every failure into one clear line on stderr ({@code imagestore: <what went wrong>}) and the
 * documented exit code ({@link ExitStatus}); the stack trace follows only with {@code --verbose}. Free of
 * picocli (its handlers, in {@link FullCommandLine}, call this), so the start-up path reports the same way.
 */
final class ErrorReporter {
    private final BooleanSupplier verbose;

    ErrorReporter(BooleanSupplier verbose) {
        this.verbose = verbose;
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

    /** {@code text} stripped, with each line break and the spaces around it made one space. */
    static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
