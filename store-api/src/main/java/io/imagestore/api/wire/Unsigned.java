package io.imagestore.api.wire;

import java.math.BigInteger;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The unsigned integer types of the Rust originals ({@code u32}, {@code u64}), held in a Java
 * {@code long}.
 *
 * <p>{@code u64} values above {@link Long#MAX_VALUE} do not fit a {@code long} and are refused; byte
 * counts and sizes never come near 2<sup>63</sup>.
 */
enum Unsigned {
    U32("an unsigned 32-bit integer", 0xFFFF_FFFFL),
    U64("an unsigned 64-bit integer", Long.MAX_VALUE);

    private final String description;
    private final long max;

    Unsigned(String description, long max) {
        this.description = description;
        this.max = max;
    }

    /** What the wire expects, for error messages: "an unsigned 32-bit integer". */
    String description() {
        return description;
    }

    /** Returns {@code value} for a record component, or throws when it is out of range. */
    long check(String component, long value) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(component + " must be between 0 and " + max + ", got " + value);
        }
        return value;
    }

    /** Returns {@code value} for an optional record component, or throws when it is null or out of range. */
    OptionalLong check(String component, OptionalLong value) {
        Objects.requireNonNull(value, component);
        if (value.isPresent()) {
            check(component, value.getAsLong());
        }
        return value;
    }

    /** Returns the value read for {@code field}, or throws {@link WireFormatException} when out of range. */
    long fromWire(String field, BigInteger value) {
        if (value.signum() < 0) {
            throw new WireFormatException("field `" + field + "`: expected " + description + ", found the negative number "
                    + value);
        }
        if (value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new WireFormatException("field `" + field + "`: " + value + " is out of range for " + description
                    + " (at most " + max + " is accepted)");
        }
        return value.longValue();
    }
}
