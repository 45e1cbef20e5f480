package io.imagestore.bench;

import java.util.OptionalDouble;

/** The time of one {@code list()} over {@code images} images, ours and the baseline's, in milliseconds. */
record ListPoint(int images, OptionalDouble oursMillis, OptionalDouble baselineMillis) {}
