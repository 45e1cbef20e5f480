package io.imagestore.api.wire;

/**
 * The {@code kind} tag of {@link PullProgressDto} (serde's {@code #[serde(tag = "kind")]}): chooses the
 * variant on read and dispatches on write. The fields of each variant are read and written by the
 * variant's own record.
 */
final class PullProgressCodec {
    static final String STATUS = "status";
    static final String DONE = "done";
    private static final String KIND = "kind";

    private PullProgressCodec() {}

    /** Reads whichever variant {@code kind} names. */
    static PullProgressDto read(JsonObjectReader in) {
        return STATUS.equals(kind(in)) ? PullProgressDto.Status.readFrom(in) : PullProgressDto.Done.readFrom(in);
    }

    /** Writes {@code event} with its tag first. */
    static void write(PullProgressDto event, JsonObjectWriter out) {
        if (event instanceof PullProgressDto.Status) {
            ((PullProgressDto.Status) event).writeTo(out);
        } else {
            ((PullProgressDto.Done) event).writeTo(out);
        }
    }

    /** Checks that {@code kind} names {@code expected}, for reading one variant directly. */
    static void requireKind(JsonObjectReader in, String expected) {
        String kind = kind(in);
        if (!kind.equals(expected)) {
            throw new WireFormatException("field `kind`: expected " + WireFormatException.quote(expected) + ", found "
                    + WireFormatException.quote(kind));
        }
    }

    private static String kind(JsonObjectReader in) {
        String kind = in.string(KIND);
        if (!kind.equals(STATUS) && !kind.equals(DONE)) {
            throw new WireFormatException("field `kind`: unknown variant " + WireFormatException.quote(kind)
                    + ", expected \"status\" or \"done\"");
        }
        return kind;
    }
}
