package io.imagestore.tests.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The acknowledgement-log checker itself: it accepts what concurrency allows and catches a lost write. */
class OpLogTest {
    private static final String REF = "docker.io/library/app:1";

    @Test
    void afterSequentialWritesOnlyTheLastIsAllowed() {
        OpLog log = new OpLog();
        log.add(List.of("START a-1 WRITE " + REF + " 10 d1", "ACK a-1 20 d1", "START a-2 WRITE " + REF + " 30 d2",
                "ACK a-2 40 d2"));

        assertThat(log.allowedValues(REF, OpLog.ABSENT)).containsExactly("d2");
        assertThatThrownBy(() -> log.assertFinal(REF, OpLog.ABSENT, "d1")).isInstanceOf(AssertionError.class)
                .hasMessageContaining("a-2");
    }

    @Test
    void overlappingWritesMayEndEitherWay() {
        OpLog log = new OpLog();
        log.add(List.of("START a-1 WRITE " + REF + " 10 d1", "START b-1 REMOVE " + REF + " 15 -", "ACK b-1 25 -",
                "ACK a-1 30 d1"));

        assertThat(log.allowedValues(REF, "d0")).containsExactlyInAnyOrder("d1", OpLog.ABSENT);
    }

    @Test
    void anOperationInFlightWhenKilledMayHaveHappenedUnlessALaterOneWasAcknowledged() {
        OpLog log = new OpLog();
        log.add(List.of("START a-1 WRITE " + REF + " 10 d1", "ACK a-1 20 d1", "START a-2 BUILD " + REF + " 30 d2"));
        log.killed("a", 50);

        assertThat(log.allowedValues(REF, OpLog.ABSENT)).containsExactlyInAnyOrder("d1", "d2");

        log.add(List.of("START b-1 WRITE " + REF + " 60 d3", "ACK b-1 70 d3"));
        assertThat(log.allowedValues(REF, OpLog.ABSENT)).containsExactly("d3");
    }

    @Test
    void failuresAndProblemsAreReported() {
        OpLog log = new OpLog();
        log.add(List.of("START a-1 REMOVE " + REF + " 10 -", "FAIL a-1 20 ImageNotFoundException no such image",
                "START a-2 WRITE " + REF + " 30 d2", "FAIL a-2 40 ImageStoreException disk full", "BAD a read: torn"));

        assertThat(log.allowedValues(REF, "d0")).containsExactly("d0");
        assertThat(log.unexpectedFailures(Set.of("ImageNotFoundException"))).extracting(op -> op.id).containsExactly("a-2");
        assertThat(log.problems()).containsExactly("BAD a read: torn");
    }
}
