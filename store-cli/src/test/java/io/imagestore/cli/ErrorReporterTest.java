package io.imagestore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonEOFException;
import io.imagestore.api.CorruptMetadataException;
import io.imagestore.api.ImageStoreException;
import io.imagestore.api.InvalidReferenceException;
import io.imagestore.api.LockTimeoutException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Failures become one line and the documented code; I/O causes are told, other causes are not repeated. */
class ErrorReporterTest {
    @Test
    void mapsEveryFailureClassToItsDocumentedCode() {
        assertThat(ExitStatus.of(new InvalidReferenceException("A", "upper case")).code()).isEqualTo(2);
        assertThat(ExitStatus.of(new IllegalArgumentException("bad platform")).code()).isEqualTo(2);
        assertThat(ExitStatus.of(new CorruptMetadataException("/s/metadata.json", "not JSON")).code()).isEqualTo(4);
        assertThat(ExitStatus.of(new LockTimeoutException("app", Duration.ofSeconds(1))).code()).isEqualTo(5);
        assertThat(ExitStatus.of(new ImageStoreException("disk full")).code()).isEqualTo(1);
        assertThat(ExitStatus.of(new UncheckedIOException(new AccessDeniedException("/s"))).code()).isEqualTo(1);
    }

    @Test
    void appendsAnIoCauseThatTheMessageDoesNotTell() {
        ImageStoreException failure = new ImageStoreException("cannot write the sidecar of app:1",
                new AccessDeniedException("/store/app/metadata.json"));
        assertThat(ErrorReporter.describe(failure)).isEqualTo(
                "cannot write the sidecar of app:1 (AccessDeniedException: /store/app/metadata.json)");
    }

    @Test
    void doesNotRepeatOtherCausesAndKeepsOneLine() {
        ImageStoreException failure = new ImageStoreException("corrupt: token 'tru'\n  at line 1",
                new IllegalStateException("token 'tru' at [Source: REDACTED; line: 1, column: 18]"));
        assertThat(ErrorReporter.describe(failure)).isEqualTo("corrupt: token 'tru' at line 1");
    }

    @Test
    void doesNotAppendAJsonParseErrorTheMessageAlreadyDescribes() {
        CorruptMetadataException failure = new CorruptMetadataException("/s/metadata.json", "not valid JSON: end-of-input",
                new JsonEOFException(null, null, "end-of-input at [Source: REDACTED; line: 1, column: 2]"));
        assertThat(ErrorReporter.describe(failure)).startsWith("corrupt image metadata in /s/metadata.json")
                .doesNotContain("JsonEOFException", "column: 2");
    }

    @Test
    void printsTheStackTraceOnlyWhenVerbose() {
        StringWriter quiet = new StringWriter();
        new ErrorReporter(() -> false).report(new ImageStoreException("boom"), new PrintWriter(quiet));
        assertThat(quiet.toString()).isEqualTo("imagestore: boom" + System.lineSeparator());
        StringWriter verbose = new StringWriter();
        new ErrorReporter(() -> true).report(new ImageStoreException("boom"), new PrintWriter(verbose));
        assertThat(verbose.toString()).startsWith("imagestore: boom").contains("\tat ");
    }
}
